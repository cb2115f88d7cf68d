/** A template asks for something the local cloud does not emulate: it fails before anything starts serving. */
export class UnsupportedResourceError extends Error {
  constructor(
    readonly stackName: string,
    readonly logicalId: string,
    readonly resourceType: string,
    readonly property?: string,
    detail?: string,
  ) {
    super(
      property
        ? `${stackName}: resource ${logicalId} (${resourceType}) uses ${property}, which the local cloud does not support${detail ? `: ${detail}` : ''}`
        : `${stackName}: resource ${logicalId} has type ${resourceType}, which the local cloud neither emulates nor lists as a no-op${detail ? `: ${detail}` : ''}`,
    );
    this.name = 'UnsupportedResourceError';
  }
}

/** Creating a resource in its stand-in failed; names the stack and resource so the template is easy to find. */
export class ProvisioningError extends Error {
  constructor(stackName: string, logicalId: string, resourceType: string, cause: unknown) {
    super(
      `${stackName}: creating ${logicalId} (${resourceType}) failed: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'ProvisioningError';
  }
}
