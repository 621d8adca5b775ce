import { graphql } from "../../gql/index.ts";

export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      provider
      createdAt
      lastSeenAt
      idleExpiresAt
      absoluteExpiresAt
      current
      userAgent
    }
  }
`);

export const EndSessionMutation = graphql(`
  mutation EndSession($id: UUID!) {
    endSession(id: $id)
  }
`);

export const EndOtherSessionsMutation = graphql(`
  mutation EndOtherSessions {
    endOtherSessions
  }
`);
