import { type CfnResource, type CfnTemplate, type ResolveContext, resolveValue, stackLinks } from '../template';

/** A stack folder that is not in the repository (yet) but whose exports another stack imports. */
export class MissingProducerError extends Error {
  override readonly name = 'MissingProducerError';
}

interface StackInput {
  name: string;
  template: CfnTemplate;
}

/**
 * Imports whose exporting stack does not exist in the repository, and that the importing stack only uses to
 * subscribe to the producer's topic (`AWS::SNS::Subscription` `TopicArn`, or a function's `SNS` event `Topic`).
 * Those stacks still start locally, without the subscription: nothing would publish to it anyway. Any other use
 * of an export nobody provides fails with a `MissingProducerError` naming the stack to add.
 * Returns export name -> the missing producer's folder.
 * @param all every stack of the repository (exporters of the selected stacks are already selected)
 */
export function absentProducerImports<T extends StackInput>(
  selected: T[],
  all: T[],
  ctxFor: (s: T) => { stackName: string; parameters: Record<string, string | string[]> },
): Map<string, string> {
  const exported = new Set(all.flatMap((s) => stackLinks(s.template, ctxFor(s)).exports));
  const folders = new Set(all.map((s) => s.name));
  const absent = new Map<string, string>();
  for (const stack of selected) {
    const ctx = ctxFor(stack);
    for (const name of stackLinks(stack.template, ctx).imports) {
      if (exported.has(name)) continue;
      const producer = name.includes(':') ? name.slice(0, name.indexOf(':')).replace(/-local$/, '') : undefined;
      // A producer folder that exists but does not export the name is a template bug: let ordering report it.
      if (producer === undefined || folders.has(producer)) continue;
      const required = Object.entries(stack.template.Resources).filter(([id, r]) =>
        stackLinks({ ...stack.template, Resources: { [id]: withoutSubscriptionUse(r) } }, ctx).imports.includes(name),
      );
      if (required.length > 0) {
        throw new MissingProducerError(
          `stack ${stack.name} imports "${name}" (in ${required.map(([id]) => id).join(', ')}), but there is no ` +
            `stack folder ${producer} with a template.yaml to export it: add that stack, or start the local cloud ` +
            `without ${stack.name}`,
        );
      }
      absent.set(name, producer);
    }
  }
  return absent;
}

/** The resource without the places where importing a producer's topic only subscribes to it. */
function withoutSubscriptionUse(resource: CfnResource): CfnResource {
  if (resource.Type === 'AWS::SNS::Subscription') {
    const { TopicArn: _topic, ...rest } = resource.Properties ?? {};
    return { ...resource, Properties: rest };
  }
  if (resource.Type === 'AWS::Serverless::Function') {
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type?: string; Properties?: object }>;
    const kept = Object.fromEntries(
      Object.entries(events).map(([id, e]) => {
        if (e?.Type !== 'SNS') return [id, e];
        const { Topic: _topic, ...rest } = (e.Properties ?? {}) as Record<string, unknown>;
        return [id, { ...e, Properties: rest }];
      }),
    );
    return { ...resource, Properties: { ...resource.Properties, Events: kept } };
  }
  return resource;
}

/** Export names a value imports (`Fn::ImportValue`), resolved with the stack's context. */
export function importedNames(value: unknown, ctx: ResolveContext): string[] {
  const names: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'Fn::ImportValue') {
        try {
          names.push(String(resolveValue(child, ctx, 'Fn::ImportValue')));
        } catch {
          // A name that does not resolve is reported when the value itself is resolved.
        }
      } else walk(child);
    }
  };
  walk(value);
  return names;
}
