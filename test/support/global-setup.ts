/** Starts shared test infrastructure once per jest run. (DynamoDB Local is added by the DynamoDB work.) */
export default async function globalSetup(): Promise<void> {}
