import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject, injectable } from 'tsyringe';
import { type CartRepository, CartVersionConflictError } from '../application/ports/cart-repository';
import { Cart, type CartLine } from '../domain/cart';
import { INFRASTRUCTURE_TOKENS } from './tokens';

interface StoredLine {
  productId: string;
  quantity: number;
  changedAt: string;
}

interface CartItem {
  pk: string;
  entityType: 'Cart';
  customerId: string;
  lines: StoredLine[];
  version: number;
  updatedAt: string;
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: number;
}

export const cartKey = (customerId: string): string => `CART#${customerId}`;

/**
 * One item per cart (at most 50 small lines, far below the 400 KB item limit), written with a version condition so
 * two concurrent changes cannot overwrite each other. `expiresAt` lets DynamoDB TTL delete abandoned carts.
 */
@injectable()
export class DynamoDbCartRepository implements CartRepository {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly documents: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.CartTableName) private readonly tableName: string,
  ) {}

  async find(customerId: string): Promise<Cart | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: cartKey(customerId) }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const item = Item as CartItem;
    return Cart.restore({
      customerId: item.customerId,
      lines: item.lines.map(
        (line): CartLine => ({
          productId: line.productId,
          quantity: line.quantity,
          changedAt: new Date(line.changedAt),
        }),
      ),
      version: item.version,
      updatedAt: new Date(item.updatedAt),
    });
  }

  async save(cart: Cart): Promise<void> {
    const item: CartItem = {
      pk: cartKey(cart.customerId),
      entityType: 'Cart',
      customerId: cart.customerId,
      lines: cart.lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        changedAt: line.changedAt.toISOString(),
      })),
      version: cart.version + 1,
      updatedAt: cart.updatedAt.toISOString(),
      expiresAt: Math.floor(cart.expiresAt.getTime() / 1000),
    };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(cart.version === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': cart.version } }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new CartVersionConflictError(cart.customerId);
      }
      throw error;
    }
  }
}
