// THE route table. A journey adds its pages here, one line each, lazily loaded so the
// initial bundle stays small. `roles`: who may open it (omitted = everyone); `nav`: the
// message key of its main-menu link (omitted = not in the menu).
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import { SIGNED_IN, type Role } from "./api/session.tsx";
import type { MessageKey } from "./i18n/index.ts";

export interface RouteDef {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles?: readonly Role[];
  nav?: MessageKey;
}

export const routes: readonly RouteDef[] = [
  { path: "/", page: lazy(() => import("./features/public/HomePage.tsx")), nav: "nav.home" },
  { path: "/register", page: lazy(() => import("./features/public/RegisterPage.tsx")), nav: "public.nav.register" },
  { path: "/register/:diaryNumber", page: lazy(() => import("./features/public/DecisionPage.tsx")) },
  { path: "/statistics", page: lazy(() => import("./features/public/StatisticsPage.tsx")), nav: "public.nav.statistics" },
  { path: "/applications/new", page: lazy(() => import("./features/applicant/NewApplicationPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications/:id/edit", page: lazy(() => import("./features/applicant/ApplicationFormPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications/:id", page: lazy(() => import("./features/applicant/ApplicationStatusPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications", page: lazy(() => import("./features/applicant/MyApplicationsPage.tsx")), roles: ["APPLICANT"], nav: "applicant.nav" },
  { path: "/permits/:id", page: lazy(() => import("./features/applicant/PermitPage.tsx")), roles: ["APPLICANT", "HANDLER", "DIRECTOR"] },
  { path: "/permits/:id/amend", page: lazy(() => import("./features/applicant/AmendPermitPage.tsx")), roles: ["APPLICANT"] },
  { path: "/queue", page: lazy(() => import("./features/handler/QueuePage.tsx")), roles: ["HANDLER"], nav: "handler.nav" },
  { path: "/cases/:id", page: lazy(() => import("./features/handler/CasePage.tsx")), roles: ["HANDLER", "DIRECTOR"] },
  { path: "/proposals/:id", page: lazy(() => import("./features/director/DecisionPage.tsx")), roles: ["DIRECTOR"] },
  { path: "/proposals", page: lazy(() => import("./features/director/AwaitingDecisionPage.tsx")), roles: ["DIRECTOR"], nav: "director.nav" },
  { path: "/deliveries", page: lazy(() => import("./features/delivery/DeliveriesPage.tsx")), roles: ["HANDLER", "DIRECTOR"], nav: "delivery.nav" },
  { path: "/deliveries/:id", page: lazy(() => import("./features/delivery/DeliveryOrderPage.tsx")), roles: ["HANDLER", "DIRECTOR", "APPLICANT"] },
  { path: "/outputs/new", page: lazy(() => import("./features/delivery/NewOutputRequestPage.tsx")), roles: ["APPLICANT", "HANDLER"] },
  { path: "/outputs/:id", page: lazy(() => import("./features/delivery/OutputRequestPage.tsx")), roles: ["HANDLER", "DIRECTOR", "APPLICANT"] },
  { path: "/outputs", page: lazy(() => import("./features/delivery/OutputRequestsPage.tsx")), roles: ["HANDLER", "DIRECTOR"], nav: "output.nav" },
  { path: "/sign-in", page: lazy(() => import("./features/signin/SignInPage.tsx")) },
  { path: "/sessions", page: lazy(() => import("./features/sessions/SessionsPage.tsx")), roles: SIGNED_IN },
  { path: "/objections", page: lazy(() => import("./features/citizen/ObjectionsPage.tsx")), roles: ["CITIZEN"], nav: "citizen.nav" },
  { path: "/registry/objections/new", page: lazy(() => import("./features/clerk/RecordObjectionPage.tsx")), roles: ["REGISTRY_CLERK"], nav: "clerk.nav" },
  { path: "/registry/cohort-filter", page: lazy(() => import("./features/clerk/CohortFilterPage.tsx")), roles: ["REGISTRY_CLERK", "HANDLER"], nav: "clerk.cohort.nav" },
  { path: "/audit", page: lazy(() => import("./features/auditor/AuditLogPage.tsx")), roles: ["AUDITOR"], nav: "auditor.nav" },
  { path: "/organisations", page: lazy(() => import("./features/organisations/OrganisationsPage.tsx")), roles: ["HANDLER", "DIRECTOR"], nav: "organisations.nav" },
  { path: "/organisations/:id", page: lazy(() => import("./features/organisations/OrganisationPage.tsx")), roles: ["HANDLER", "DIRECTOR", "APPLICANT"] },
  { path: "/my-organisations", page: lazy(() => import("./features/organisations/MyOrganisationsPage.tsx")), roles: ["APPLICANT"], nav: "organisations.mine.nav" },
];
