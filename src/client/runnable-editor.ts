/**
 * The snippet editor: CodeMirror 6 with JavaScript highlighting, loaded only when a reader clicks
 * "Edit" (runnable-example.ts imports this file dynamically), so no editor code ships with the page.
 * Tokens get class names (tok-keyword, tok-string, …) coloured by the page's CSS for each colour
 * scheme; Tab is left to move the focus, as CodeMirror's default keymap does.
 */
import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';

/** An open editor: what the reader typed, and a way to put the original back. */
export interface SnippetEditor {
  code(): string;
  replace(code: string): void;
  focus(): void;
  destroy(): void;
}

/** Colours from Starlight's custom properties, so the editor follows the page's light or dark scheme. */
const siteTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--sl-color-bg)', color: 'var(--sl-color-text)', fontSize: 'var(--sl-text-sm)' },
  '.cm-content': { fontFamily: 'var(--sl-font-mono)', caretColor: 'var(--sl-color-text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--sl-color-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--sl-color-bg-nav)',
    color: 'var(--sl-color-gray-2)',
    borderRight: '1px solid var(--sl-color-gray-5)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--sl-color-accent) 8%, transparent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--sl-color-accent) 30%, transparent)',
  },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent-high)', outlineOffset: '2px' },
});

/** Opens an editor on `code` inside `parent`; `label` names it for screen readers; `onChange` hears every edit. */
export function openSnippetEditor(parent: HTMLElement, code: string, label: string, onChange: (code: string) => void): SnippetEditor {
  const view = new EditorView({
    doc: code,
    parent,
    extensions: [
      basicSetup,
      javascript(),
      syntaxHighlighting(classHighlighter),
      siteTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    code: () => view.state.doc.toString(),
    replace: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
