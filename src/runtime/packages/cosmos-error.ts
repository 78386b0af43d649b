/**
 * An error of the package service, answered as Cosmos answers it: HTTP `status` and
 * `{"type", "message", "data"}` with the media type CosmosMediaTypes.error. `type` is
 * Cosmos's error class name, which clients switch on; the message names what is wrong.
 */
export class CosmosError extends Error {
  constructor(
    readonly type: CosmosErrorType,
    message: string,
    readonly status: number,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CosmosError';
  }
}

/**
 * The Cosmos error types this service answers (cosmos-common …/cosmos/error/*.scala), with
 * their HTTP status: 400 unless the Cosmos class overrides it (409 PackageAlreadyInstalled).
 */
export const CosmosErrorStatus = {
  PackageNotFound: 400,
  VersionNotFound: 400,
  JsonSchemaMismatch: 400,
  OptionsNotAllowed: 400,
  ServiceMarathonTemplateNotFound: 400,
  MarathonTemplateMustBeJsonObject: 400,
  JsonParsingError: 400,
  /** Beyond Cosmos (an unhandled 500 there): the template is no mustache template, or renders itself without end. */
  MarathonTemplateNotRenderable: 400,
  /** A rendered template's labels are not a Map[String, String] (PackageDefinitionRenderer.extractLabels). */
  JsonDecodingError: 400,
  PackageAlreadyInstalled: 409,
  PackageNotInstalled: 400,
  UninstallNonExistentAppForPackage: 400,
  AmbiguousAppId: 400,
  MarathonBadResponse: 400,
  MarathonAppNotFound: 400,
  RepoNameOrUriMissing: 400,
  MultipleFrameworkIds: 400,
  RepositoryAlreadyPresent: 400,
  RepositoryNotPresent: 400,
  RepositoryUriSyntax: 400,
  RepositoryAddIndexOutOfBounds: 400,
  RepositoryUriConnection: 400,
  /** The repository answered with an HTTP error (UniverseClientHttpError). */
  UniverseClientHttpError: 400,
  UnsupportedContentType: 400,
  RepositoryNotReadable: 400,
  AppIdChanged: 400,
  OptionsNotStored: 400,
  /** Beyond Cosmos (whose open edition refuses every version change): the package's upgradesFrom/downgradesTo do not allow this one. */
  VersionChangeNotAllowed: 400,
  MalformedRequest: 400,
  UnsupportedMediaType: 415,
  NotAcceptable: 406,
} as const;

export type CosmosErrorType = keyof typeof CosmosErrorStatus;

export function cosmosError(type: CosmosErrorType, message: string, data?: Record<string, unknown>): CosmosError {
  return new CosmosError(type, message, CosmosErrorStatus[type], data);
}
