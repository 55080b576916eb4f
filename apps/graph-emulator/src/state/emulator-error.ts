/** A failure of a state operation, answered by the control API (JSON) or mapped to a Graph error. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

/** Graph's wording for a missing directory object; `_what` only documents the call site. */
export const notFound = (_what: string, id: string): EmulatorError =>
  new EmulatorError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
