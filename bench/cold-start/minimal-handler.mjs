// The cold-start baseline: the smallest useful Middy handler over lib-dynamodb, reading one
// hospital by id from the same table hosp uses. Bundled by bench/cold-start.mjs with the same
// esbuild settings as scripts/package-lambdas.mjs. The endpoint comes from
// AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads itself.
import middy from '@middy/core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = middy(async (event) => {
  const id = Number(event.rawPath.split('/').pop());
  const { Item } = await client.send(
    new GetCommand({ TableName: process.env.HOSPITALS_TABLE, Key: { pk: 'HOSPITAL', id } }),
  );
  if (!Item) return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"NOT_FOUND"}' };
  const { pk, ...hospital } = Item;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(hospital) };
});
