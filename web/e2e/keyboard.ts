// Keyboard-only helpers: move focus with Tab / Shift+Tab until a target has it.
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures.ts";

/** Presses Tab (or Shift+Tab) until `target` is focused; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 40 } = {}): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reached with ${max} ${backwards ? "Shift+Tab" : "Tab"} presses`).toBeFocused();
  return max;
}

/** Records whether any mouse button went down in the page, to prove a journey used none. */
export async function watchForMouse(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    (window as unknown as { mouseUsed: boolean }).mouseUsed = false;
    for (const type of ["mousedown", "pointerdown"]) {
      document.addEventListener(
        type,
        (e) => {
          if ((e as PointerEvent).pointerType !== "" || type === "mousedown") {
            (window as unknown as { mouseUsed: boolean }).mouseUsed = true;
          }
        },
        true,
      );
    }
  });
  return () => page.evaluate(() => (window as unknown as { mouseUsed: boolean }).mouseUsed);
}
