// Every message set in the app. A new feature adds one import and one entry to `messageSets`.
import { accessLogMessages } from "../features/access-log/messages.ts";
import { applicantMessages } from "../features/applicant/messages.ts";
import { caseMessages } from "../features/case/messages.ts";
import { auditorMessages } from "../features/auditor/messages.ts";
import { citizenMessages } from "../features/citizen/messages.ts";
import { clerkMessages } from "../features/clerk/messages.ts";
import { deliveryMessages } from "../features/delivery/messages.ts";
import { directorMessages } from "../features/director/messages.ts";
import { handlerMessages } from "../features/handler/messages.ts";
import { organisationMessages } from "../features/organisations/messages.ts";
import { publicMessages } from "../features/public/messages.ts";
import { signinMessages } from "../features/signin/messages.ts";
import { commonMessages } from "./common.ts";

export const messageSets = [
  commonMessages,
  publicMessages,
  signinMessages,
  applicantMessages,
  caseMessages,
  handlerMessages,
  directorMessages,
  citizenMessages,
  clerkMessages,
  auditorMessages,
  organisationMessages,
  deliveryMessages,
  accessLogMessages,
] as const;
