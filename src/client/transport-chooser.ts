import { chooseTransport, type ChooserAnswers } from '../data/chooser.ts';
import { TRANSPORT_INFO } from '../data/comparison.ts';
import { enableScriptedControls } from './focus.ts';

/** `<transport-chooser>`: recomputes the recommendation whenever an answer changes. */
class TransportChooser extends HTMLElement {
  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    const form = this.querySelector('form')!;
    form.addEventListener('change', () => this.#render(new FormData(form)));
    this.#render(new FormData(form));
  }

  #render(data: FormData): void {
    const answers: ChooserAnswers = {
      direction: data.get('direction') === 'both-ways' ? 'both-ways' : 'server-to-client',
      frequency: (['rare', 'regular', 'constant'] as const).find((value) => value === data.get('frequency')) ?? 'regular',
      restrictiveNetwork: data.get('restrictiveNetwork') === 'yes',
      freshness: data.get('freshness') === 'at-once' ? 'at-once' : 'can-wait',
    };
    const { transport, reasons } = chooseTransport(answers);
    const link = this.querySelector<HTMLAnchorElement>('[data-link]')!;
    link.textContent = TRANSPORT_INFO[transport].name;
    link.href = TRANSPORT_INFO[transport].href;
    const list = this.querySelector('[data-reasons]')!;
    list.replaceChildren(
      ...reasons.map((reason) => {
        const item = document.createElement('li');
        item.textContent = reason;
        return item;
      }),
    );
  }
}

customElements.define('transport-chooser', TransportChooser);
