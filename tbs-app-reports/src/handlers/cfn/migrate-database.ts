import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { MigrateDatabase } from '../../application/migrate-database';
import {
  CUSTOM_RESOURCE_RESPONSE,
  createContainer,
  type SendCustomResourceResponse,
} from '../../infrastructure/container';

const container = createContainer();
const migrateDatabase = container.resolve(MigrateDatabase);
const sendCustomResourceResponse = container.resolve<SendCustomResourceResponse>(CUSTOM_RESOURCE_RESPONSE);

/**
 * The stack's migration custom resource: Create and Update apply pending migrations (a no-op when there are
 * none); Delete keeps the data, since removing a stack must not silently drop the sales history.
 */
export const handler = async (event: CloudFormationCustomResourceEvent, context: Context): Promise<void> => {
  if (event.RequestType === 'Delete') {
    await sendCustomResourceResponse(event, { status: 'SUCCESS' }, context.logStreamName);
    return;
  }
  try {
    const applied = await migrateDatabase.execute();
    await sendCustomResourceResponse(
      event,
      { status: 'SUCCESS', data: { Applied: applied.join(',') } },
      context.logStreamName,
    );
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'Migration failed', error: (error as Error).message }));
    await sendCustomResourceResponse(
      event,
      { status: 'FAILED', reason: `Migration failed: ${(error as Error).message}` },
      context.logStreamName,
    );
  }
};
