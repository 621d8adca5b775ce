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

export type DecisionOutcome =
  | 'GRANTED'
  | 'PARTIALLY_GRANTED'
  | 'REJECTED';

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
export const PublishedDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublishedDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"diaryNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishedDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"diaryNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"diaryNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publicSummary"}},{"kind":"Field","name":{"kind":"Name","value":"holder"}},{"kind":"Field","name":{"kind":"Name","value":"dataControllers"}},{"kind":"Field","name":{"kind":"Name","value":"registers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataController"}},{"kind":"Field","name":{"kind":"Name","value":"dataControllerCode"}},{"kind":"Field","name":{"kind":"Name","value":"register"}}]}},{"kind":"Field","name":{"kind":"Name","value":"processingEnvironment"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"permitStatus"}},{"kind":"Field","name":{"kind":"Name","value":"amendsDiaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"amendments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}}]}}]} as unknown as DocumentNode<PublishedDecisionQuery, PublishedDecisionQueryVariables>;
export const RegisterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegisterOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataControllers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterOptionsQuery, RegisterOptionsQueryVariables>;
export const PublishedDecisionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublishedDecisions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishedDecisionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishedDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diaryNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"holder"}},{"kind":"Field","name":{"kind":"Name","value":"permitStatus"}}]}}]}}]}}]} as unknown as DocumentNode<PublishedDecisionsQuery, PublishedDecisionsQueryVariables>;
export const DecisionStatisticsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DecisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decisionStatistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}},{"kind":"Field","name":{"kind":"Name","value":"byYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byKind"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byOutcome"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byPurpose"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"medianProcessingDays"}}]}}]}}]}}]} as unknown as DocumentNode<DecisionStatisticsQuery, DecisionStatisticsQueryVariables>;