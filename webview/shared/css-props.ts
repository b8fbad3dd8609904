/**
 * Sets CSS properties on an element through the CSSOM. Unlike a `style="..."` attribute (what
 * lit's styleMap writes on first render), this is allowed under the panels' strict CSP.
 */
import { nothing } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

class CssProps extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cssProps() belongs on an element: <div ${cssProps({...})}>');
  }

  render(_props: Record<string, string>): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [props]: [Record<string, string>]): typeof nothing {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.previous = new Set(Object.keys(props));
    return nothing;
  }
}

export const cssProps = directive(CssProps);
