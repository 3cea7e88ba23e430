/** Java is needed for the embedded DynamoDB Local; its message is written to be shown as is, without a stack. */
export class JavaNotFoundError extends Error {
  constructor(command: string) {
    super(
      `Java was not found ("${command}"): the default store (HOSP_STORE=dynamodb-local) runs DynamoDB Local, which needs Java 17 or newer. ` +
        'Install Java, set HOSP_JAVA to its path, or choose another store (e.g. HOSP_STORE=memory).',
    );
    this.name = 'JavaNotFoundError';
  }
}
