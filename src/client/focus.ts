/**
 * Disables `control`; if it had the keyboard focus, first moves the focus to `fallback`, a control
 * that stays live. A disabled button drops the focus to <body>, and a keyboard user would have to
 * start again from the top of the page.
 */
export function disableKeepingFocus(control: HTMLButtonElement | HTMLInputElement | HTMLSelectElement, fallback: HTMLElement): void {
  if (control.disabled) return;
  if (document.activeElement === control) fallback.focus();
  control.disabled = true;
}

/**
 * Enables the controls the server rendered disabled (`data-needs-script`), so that without
 * JavaScript nothing looks live that would do nothing.
 */
export function enableScriptedControls(root: ParentNode): void {
  for (const control of root.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('[data-needs-script]')) {
    control.disabled = false;
  }
}
