export { type LocalDevOpsAgentOptions, startLocalDevOpsAgent } from './start-local-devops-agent';
export {
  type RecordedIncident,
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook-receiver';
