/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ApplicationKind =
  /** Changes to an issued permit. */
  | 'AMENDMENT'
  /** Individual-level pseudonymised data. */
  | 'DATA_PERMIT'
  /** Anonymous aggregate statistics. */
  | 'DATA_REQUEST';

/** Narrows `auditLog`; all fields optional and combined with AND. */
export type AuditLogFilter = {
  action?: string | null | undefined;
  actorId?: string | null | undefined;
  /** Entries at or after this instant. */
  from?: string | null | undefined;
  outcome?: AuditOutcome | null | undefined;
  targetId?: string | null | undefined;
  targetType?: string | null | undefined;
  /** Entries before this instant. */
  until?: string | null | undefined;
};

export type AuditOutcome =
  | 'DENIED'
  | 'FAILURE'
  | 'SUCCESS';

export type DecisionOutcome =
  | 'GRANTED'
  | 'PARTIALLY_GRANTED'
  | 'REJECTED';

/**
 * A citizen's filing. Leave both fields out to object for yourself (the identity code of
 * your sign-in); give both to object for a person you represent.
 */
export type FileObjectionInput = {
  representationBasis?: RepresentationBasis | null | undefined;
  /** The represented person's identity code. */
  representedIdentityCode?: string | null | undefined;
};

/** How the identity of whoever filed the objection was verified. */
export type IdentityVerification =
  | 'ID_DOCUMENT_AT_OFFICE'
  | 'NOTARISED_SIGNATURE'
  | 'STRONG_E_IDENTIFICATION';

/** How the objection reached the authority. */
export type ObjectionChannel =
  | 'E_SERVICE'
  | 'IN_PERSON'
  | 'POST';

/** In force from the processing date until withdrawn. */
export type ObjectionStatus =
  | 'IN_FORCE'
  | 'WITHDRAWN';

export type PermitStatus =
  /** Valid today. */
  | 'ACTIVE'
  /** Merged into another permit by an amendment. */
  | 'COMBINED'
  /** The holder (or staff) confirmed the data was destroyed. */
  | 'DATA_DESTROYED'
  /** Past its validity. */
  | 'EXPIRED'
  /** Revoked by a director. */
  | 'REVOKED';

/** Narrows the register; every field optional, all given must hold. */
export type PublishedDecisionFilter = {
  /** A data controller's catalogue code, e.g. `thl` or `kela`. */
  dataController?: string | null | undefined;
  kind?: ApplicationKind | null | undefined;
  outcome?: DecisionOutcome | null | undefined;
  /** The permit's status today. */
  permitStatus?: PermitStatus | null | undefined;
  purpose?: Purpose | null | undefined;
  /** Words that must all occur in the title or public summary (case-insensitive). */
  text?: string | null | undefined;
  /** The year of the decision. */
  year?: number | null | undefined;
};

export type Purpose =
  | 'AUTHORITY_PLANNING_AND_REPORTING'
  /** Statistics only: needs a data request. */
  | 'DEVELOPMENT_AND_INNOVATION'
  | 'EDUCATION'
  /** Statistics only: needs a data request. */
  | 'KNOWLEDGE_MANAGEMENT'
  | 'SCIENTIFIC_RESEARCH'
  | 'STATISTICS'
  /** Statistics only: needs a data request. */
  | 'STEERING_AND_SUPERVISION';

/** An objection received by post or in person. */
export type RecordObjectionInput = {
  /** `POST` or `IN_PERSON`. */
  channel: ObjectionChannel;
  identityCode: string;
  /** `NOTARISED_SIGNATURE` for post, `ID_DOCUMENT_AT_OFFICE` in person. */
  identityVerification: IdentityVerification;
  /** Defaults to today. The objection is in force from this date. */
  processedOn?: string | null | undefined;
  receivedOn: string;
  /** When a representative filed it. */
  representationBasis?: RepresentationBasis | null | undefined;
  /** The representative's identity code, if known. */
  representativeIdentityCode?: string | null | undefined;
};

/** On what ground a representative acts for the person. */
export type RepresentationBasis =
  | 'GUARDIANSHIP'
  | 'GUARDIAN_OF_MINOR'
  | 'MANDATE';

/** Roles of DESIGN.md section 1. */
export type Role =
  | 'ADMIN'
  | 'APPLICANT'
  | 'AUDITOR'
  | 'CITIZEN'
  | 'DIRECTOR'
  | 'HANDLER'
  | 'PUBLIC'
  | 'REGISTRY_CLERK';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, name: string | null, roles: Array<Role>, authenticated: boolean } };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { nodes: Array<{ id: string, seq: number, occurredAt: string, actorId: string, actorRole: string | null, action: string, targetType: string | null, targetId: string | null, outcome: AuditOutcome, reason: string | null, clientAddress: string | null, requestId: string | null, details: string | null, hash: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type VerifyAuditLogQueryVariables = Exact<{ [key: string]: never; }>;


export type VerifyAuditLogQuery = { verifyAuditLog: { intact: boolean, checked: number, head: string, firstBreak: { seq: number, entryId: string, problem: string } | null } };

export type MyObjectionsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type MyObjectionsQuery = { myObjections: { nodes: Array<{ id: string, maskedIdentityCode: string, status: ObjectionStatus, channel: ObjectionChannel, representationBasis: RepresentationBasis | null, identityVerification: IdentityVerification, receivedOn: string, processedOn: string, withdrawnOn: string | null, version: number, createdAt: string, filedForRepresentedPerson: boolean | null }>, pageInfo: { hasNextPage: boolean } } };

export type FileObjectionMutationVariables = Exact<{
  input?: FileObjectionInput | null | undefined;
}>;


export type FileObjectionMutation = { fileObjection: { created: boolean, objection: { id: string, maskedIdentityCode: string, status: ObjectionStatus, processedOn: string, filedForRepresentedPerson: boolean | null } } };

export type WithdrawObjectionMutationVariables = Exact<{
  id: string;
  version: number;
}>;


export type WithdrawObjectionMutation = { withdrawObjection: { id: string, status: ObjectionStatus, withdrawnOn: string | null, version: number } };

export type RecordObjectionMutationVariables = Exact<{
  input: RecordObjectionInput;
}>;


export type RecordObjectionMutation = { recordObjection: { created: boolean, objection: { id: string, maskedIdentityCode: string, status: ObjectionStatus, channel: ObjectionChannel, identityVerification: IdentityVerification, receivedOn: string, processedOn: string, representationBasis: RepresentationBasis | null } } };

export type PublishedDecisionQueryVariables = Exact<{
  diaryNumber: string;
}>;


export type PublishedDecisionQuery = { publishedDecision: { diaryNumber: string, decisionNumber: string, decidedOn: string, kind: ApplicationKind, outcome: DecisionOutcome, purpose: Purpose | null, title: string, publicSummary: string, holder: string, dataControllers: Array<string>, processingEnvironment: string | null, validFrom: string | null, validUntil: string | null, permitStatus: PermitStatus | null, amendsDiaryNumber: string | null, registers: Array<{ dataController: string, dataControllerCode: string, register: string }>, amendments: Array<{ diaryNumber: string, decisionNumber: string, decidedOn: string, outcome: DecisionOutcome }> } };

export type RegisterOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RegisterOptionsQuery = { dataControllers: Array<{ code: string, name: string }>, decisionStatistics: { byYear: Array<{ key: string }> } };

export type PublishedDecisionsQueryVariables = Exact<{
  filter?: PublishedDecisionFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type PublishedDecisionsQuery = { publishedDecisions: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ diaryNumber: string, decisionNumber: string, decidedOn: string, kind: ApplicationKind, outcome: DecisionOutcome, purpose: Purpose | null, title: string, holder: string, permitStatus: PermitStatus | null }> } };

export type DecisionStatisticsQueryVariables = Exact<{ [key: string]: never; }>;


export type DecisionStatisticsQuery = { decisionStatistics: { total: number, medianProcessingDays: number | null, byYear: Array<{ key: string, count: number, medianProcessingDays: number | null }>, byKind: Array<{ key: string, count: number, medianProcessingDays: number | null }>, byOutcome: Array<{ key: string, count: number, medianProcessingDays: number | null }>, byPurpose: Array<{ key: string, count: number, medianProcessingDays: number | null }> } };


export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"authenticated"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const AuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditLogFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"actorRole"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetType"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"clientAddress"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<AuditLogQuery, AuditLogQueryVariables>;
export const VerifyAuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifyAuditLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyAuditLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"intact"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"head"}},{"kind":"Field","name":{"kind":"Name","value":"firstBreak"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"entryId"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyAuditLogQuery, VerifyAuditLogQueryVariables>;
export const MyObjectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyObjections"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myObjections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedIdentityCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"representationBasis"}},{"kind":"Field","name":{"kind":"Name","value":"identityVerification"}},{"kind":"Field","name":{"kind":"Name","value":"receivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"processedOn"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawnOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"filedForRepresentedPerson"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<MyObjectionsQuery, MyObjectionsQueryVariables>;
export const FileObjectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FileObjection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FileObjectionInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileObjection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"objection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedIdentityCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"processedOn"}},{"kind":"Field","name":{"kind":"Name","value":"filedForRepresentedPerson"}}]}}]}}]}}]} as unknown as DocumentNode<FileObjectionMutation, FileObjectionMutationVariables>;
export const WithdrawObjectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WithdrawObjection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawObjection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawnOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<WithdrawObjectionMutation, WithdrawObjectionMutationVariables>;
export const RecordObjectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordObjection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordObjectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordObjection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"objection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedIdentityCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"identityVerification"}},{"kind":"Field","name":{"kind":"Name","value":"receivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"processedOn"}},{"kind":"Field","name":{"kind":"Name","value":"representationBasis"}}]}}]}}]}}]} as unknown as DocumentNode<RecordObjectionMutation, RecordObjectionMutationVariables>;
export const PublishedDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublishedDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"diaryNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishedDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"diaryNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"diaryNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publicSummary"}},{"kind":"Field","name":{"kind":"Name","value":"holder"}},{"kind":"Field","name":{"kind":"Name","value":"dataControllers"}},{"kind":"Field","name":{"kind":"Name","value":"registers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataController"}},{"kind":"Field","name":{"kind":"Name","value":"dataControllerCode"}},{"kind":"Field","name":{"kind":"Name","value":"register"}}]}},{"kind":"Field","name":{"kind":"Name","value":"processingEnvironment"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"permitStatus"}},{"kind":"Field","name":{"kind":"Name","value":"amendsDiaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"amendments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}}]}}]} as unknown as DocumentNode<PublishedDecisionQuery, PublishedDecisionQueryVariables>;
export const RegisterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegisterOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataControllers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterOptionsQuery, RegisterOptionsQueryVariables>;
export const PublishedDecisionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublishedDecisions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishedDecisionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishedDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"holder"}},{"kind":"Field","name":{"kind":"Name","value":"permitStatus"}}]}}]}}]}}]} as unknown as DocumentNode<PublishedDecisionsQuery, PublishedDecisionsQueryVariables>;
export const DecisionStatisticsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DecisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}},{"kind":"Field","name":{"kind":"Name","value":"byYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byKind"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byOutcome"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byPurpose"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}}]}}]}}]} as unknown as DocumentNode<DecisionStatisticsQuery, DecisionStatisticsQueryVariables>;