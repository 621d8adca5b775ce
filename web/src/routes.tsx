// THE route table. A journey adds its pages here, one line each, lazily loaded so the
// initial bundle stays small. `roles`: who may open it (omitted = everyone); `nav`: the
// message key of its main-menu link (omitted = not in the menu).
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { Role } from "./api/session.tsx";
import type { MessageKey } from "./i18n/index.ts";

export interface RouteDef {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles?: readonly Role[];
  nav?: MessageKey;
}

export const routes: readonly RouteDef[] = [
  { path: "/", page: lazy(() => import("./features/public/HomePage.tsx")), nav: "nav.home" },
  { path: "/applications/new", page: lazy(() => import("./features/applicant/NewApplicationPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications/:id/edit", page: lazy(() => import("./features/applicant/ApplicationFormPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications/:id", page: lazy(() => import("./features/applicant/ApplicationStatusPage.tsx")), roles: ["APPLICANT"] },
  { path: "/applications", page: lazy(() => import("./features/applicant/MyApplicationsPage.tsx")), roles: ["APPLICANT"], nav: "applicant.nav" },
  { path: "/permits/:id/amend", page: lazy(() => import("./features/applicant/AmendPermitPage.tsx")), roles: ["APPLICANT"] },
  { path: "/queue", page: lazy(() => import("./features/handler/QueuePage.tsx")), roles: ["HANDLER"], nav: "handler.nav" },
  { path: "/cases/:id", page: lazy(() => import("./features/handler/CasePage.tsx")), roles: ["HANDLER", "DIRECTOR"] },
  { path: "/proposals/:id", page: lazy(() => import("./features/director/DecisionPage.tsx")), roles: ["DIRECTOR"] },
  { path: "/proposals", page: lazy(() => import("./features/director/AwaitingDecisionPage.tsx")), roles: ["DIRECTOR"], nav: "director.nav" },
  { path: "/sign-in", page: lazy(() => import("./features/signin/SignInPage.tsx")) },
];
