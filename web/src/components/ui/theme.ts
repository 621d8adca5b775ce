import type { PartialSuomifiTheme } from "suomifi-ui-components";

// The app's error red (--color-error in styles.css) and its hover shade: white text on either
// has a contrast above 7:1 (AAA).
const red = "#a4161a";
const darkRed = "#7a1013";

/** Recolours the Suomi.fi primary button for actions that delete or end something. */
export const dangerTheme: PartialSuomifiTheme = {
  colors: { highlightBase: red, highlightDark1: darkRed },
  gradients: {
    highlightBaseToHighlightDark1: `linear-gradient(0deg, ${red} 0%, ${red} 100%)`,
    highlightLight1ToHighlightBase: `linear-gradient(0deg, ${darkRed} 0%, ${darkRed} 100%)`,
  },
};
