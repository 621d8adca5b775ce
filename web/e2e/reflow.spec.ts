// The reflow guard (issue 21, WCAG 1.4.10): every route of src/routes.tsx, opened at 320 px
// as a user of a role allowed on it, scrolls only vertically; and at 1280 px the main menu of
// the roles with the most items stays on one line. The route list is read from
// routes.tsx itself, so a new route is walked without editing this file; a route with a
// parameter needs a way to a real page (`WAYS` below), and the spec fails while it has none.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { horizontalOverflow } from "./reflow.ts";
import type { DemoUser } from "./users.ts";

const WIDTH = 320;

interface Route {
  path: string;
  /** Roles allowed on it; empty for everyone. */
  roles: string[];
}

/** The route table of routes.tsx: each entry's `path` and its `roles` (a list or a named constant). */
function routesOf(source: string): Route[] {
  const entries = source.split("\n").filter((line) => /^\s*\{\s*path:/.test(line));
  return entries.map((line) => {
    const path = /path:\s*"([^"]+)"/.exec(line)?.[1];
    if (!path) throw new Error(`routes.tsx: no literal path in ${line.trim()}`);
    const roles = /roles:\s*(\[[^\]]*\]|\w+)/.exec(line)?.[1];
    if (roles === undefined) return { path, roles: [] };
    if (roles.startsWith("[")) return { path, roles: Array.from(roles.matchAll(/"(\w+)"/g), (m) => m[1]!) };
    const named = ROLE_CONSTANTS[roles];
    if (!named) throw new Error(`routes.tsx: ${path} allows roles ${roles}, which this spec does not know (add it to ROLE_CONSTANTS)`);
    return { path, roles: named };
  });
}

/** The named role lists of src/api/session.tsx that routes.tsx uses. */
const ROLE_CONSTANTS: Record<string, string[]> = {
  SIGNED_IN: ["APPLICANT", "HANDLER", "DIRECTOR", "REGISTRY_CLERK", "CITIZEN", "AUDITOR", "ADMIN"],
};

/** The demo user who visits a route allowed to a role (the one with the most seeded work). */
const USER_OF_ROLE: Record<string, DemoUser> = {
  APPLICANT: demoUsers.applicantResearcher,
  HANDLER: demoUsers.handler,
  DIRECTOR: demoUsers.director,
  REGISTRY_CLERK: demoUsers.registryClerk,
  CITIZEN: demoUsers.citizenGuardian,
  AUDITOR: demoUsers.auditor,
  ADMIN: demoUsers.admin,
};

/**
 * How to reach a real page of a route with parameters: a page to start from, then the route
 * patterns of the links to follow (the route itself last). Every link of the next pattern on
 * a page is tried in turn until the route is reached, so this does not depend on which demo
 * case comes first.
 */
const WAYS: Record<string, string[]> = {
  "/register/:diaryNumber": ["/register"],
  "/applications/:id": ["/applications"],
  "/applications/:id/edit": ["/applications", "/applications/:id"],
  "/permits/:id": ["/applications", "/applications/:id"],
  "/permits/:id/amend": ["/applications", "/applications/:id", "/permits/:id"],
  "/cases/:id": ["/queue"],
  "/proposals/:id": ["/proposals"],
  "/organisations/:id": ["/organisations"],
  // The seeded permits' orders, and the seeded output request released under the active
  // permit (crates/store/src/seed/demo_cases/outputs.rs).
  "/deliveries/:id": ["/deliveries"],
  "/outputs/:id": ["/outputs?state=RELEASED"],
};

const routes = routesOf(readFileSync(new URL("../src/routes.tsx", import.meta.url), "utf8"));
const hasParameters = (path: string) => path.includes(":");
const patternOf = (path: string) => new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`);

/** Waits until the page shows its content (its heading, nothing loading), then checks axe. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".state--loading")).toHaveCount(0);
  await expectNoAxeViolations(page);
}

/** Follows `hops` (route patterns) from the current page; true once on a page of the last one. */
async function follow(page: Page, hops: string[]): Promise<boolean> {
  const [next, ...rest] = hops;
  if (!next) return true;
  const pattern = patternOf(next);
  const hrefs = await page
    .locator("main a[href]")
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const here = new URL(page.url()).pathname;
  for (const href of [...new Set(hrefs)].filter((h) => pattern.test(h))) {
    await page.goto(href);
    await settled(page);
    if (await follow(page, rest)) return true;
    await page.goto(here);
    await settled(page);
  }
  return false;
}

test("every route of routes.tsx is walked", () => {
  expect(routes.length, "routes read from routes.tsx").toBeGreaterThan(10);
  const unreachable = routes.filter((r) => hasParameters(r.path) && !WAYS[r.path]).map((r) => r.path);
  expect(unreachable, "routes with parameters and no way to a real page in WAYS").toEqual([]);
  const stale = Object.keys(WAYS).filter((path) => !routes.some((r) => r.path === path));
  expect(stale, "WAYS for routes routes.tsx no longer has").toEqual([]);
  const unknownRoles = routes.flatMap((r) => r.roles).filter((role) => !USER_OF_ROLE[role]);
  expect(unknownRoles, "roles with no demo user in USER_OF_ROLE").toEqual([]);
});

test.describe(`reflow at ${WIDTH} px`, () => {
  for (const route of routes) {
    const user = route.roles.length ? USER_OF_ROLE[route.roles[0]!] : undefined;
    test(`${route.path}${user ? ` as ${user.sub}` : ""}`, async ({ page }) => {
      const way = hasParameters(route.path) ? WAYS[route.path] : [route.path];
      test.skip(!way || (route.roles.length > 0 && !user), "not walkable: see 'every route of routes.tsx is walked'");
      await page.setViewportSize({ width: WIDTH, height: 800 });
      if (user) {
        await signInAs(page, user);
        await expectNoAxeViolations(page);
      }
      const [start, ...hops] = way!;
      await page.goto(start!);
      await settled(page);
      if (hasParameters(route.path)) {
        expect(await follow(page, [...hops, route.path]), `a link to ${route.path} by way of ${way!.join(" → ")}`).toBe(true);
      }
      expect(await horizontalOverflow(page), `${page.url()} at ${WIDTH} px`).toBeNull();
    });
  }
});

test.describe("the main menu at 1280 px", () => {
  for (const user of [demoUsers.handler, demoUsers.director]) {
    test(`is one line for ${user.sub} in every language`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signInAs(page, user);
      const items = page.getByRole("navigation", { name: "Päävalikko" }).getByRole("listitem");
      const count = await items.count();
      expect(count, "the role's items").toBeGreaterThanOrEqual(7);
      for (const language of ["Svenska", "English", "Suomi"]) {
        await page.getByRole("button", { name: language }).click();
        const menu = page.locator(".site-nav li");
        await expect(menu).toHaveCount(count);
        const tops = await menu.evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
        expect(new Set(tops).size, `${language}: ${tops.join(", ")}`).toBe(1);
        for (const link of await menu.getByRole("link").all()) await expect(link).toBeInViewport({ ratio: 1 });
      }
      await expectNoAxeViolations(page);
    });
  }
});
