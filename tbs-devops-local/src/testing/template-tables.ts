import { basename, dirname, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbTable } from '../cloud/dynamodb-table';
import { checkSupported, stackContext } from '../cloud/provisioner';
import { LOCAL_PSEUDO_DEFAULTS, loadTemplate, resolveValue } from '../template';

/**
 * Creates the table a stack's template declares as `logicalId`, named `tableName`, the way the local cloud
 * provisions it: the resource's own properties, resolved by the template engine (parameters, conditions,
 * intrinsics) and created by the same code. A test therefore runs against the keys, indexes and time to live
 * the template deploys, and fails where the local cloud would on a property it does not support.
 */
export async function createTableFromTemplate(
  client: DynamoDBClient,
  templatePath: string,
  logicalId: string,
  tableName: string,
): Promise<void> {
  const path = resolve(templatePath);
  const dir = dirname(path);
  const stack = { name: basename(dir), dir, templatePath: path, template: await loadTemplate(path) };
  const { stackName, template, conditions, ctx } = stackContext(stack, {}, LOCAL_PSEUDO_DEFAULTS);
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::DynamoDB::Table') {
    throw new Error(`${path} declares no AWS::DynamoDB::Table named ${logicalId}`);
  }
  if (typeof resource.Condition === 'string' && conditions[resource.Condition] !== true) {
    throw new Error(`${path}: ${logicalId} is not created locally (condition ${resource.Condition} is false)`);
  }
  checkSupported(stackName, logicalId, resource);
  const properties = resolveValue(resource.Properties ?? {}, ctx, `Resources.${logicalId}.Properties`);
  await createDynamoDbTable(client, tableName, properties as Record<string, unknown>);
}
