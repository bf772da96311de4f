/** What a config layer needs of the user directory writer, with no construct import. */

/** Where the handler's sources live in this repository. */
export const USER_DIRECTORY_WRITER_SOURCE = "functions/user-directory-writer";
/** The user pool custom attribute (without `custom:`) that carries a user's organization id. */
export const ORGANIZATION_USER_ATTRIBUTE_NAME = "org_id";
