// The route table of an express app, read from its router stack (express 5 / router 2 keep rawPath).
export interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** METHOD path of every route in an express app, mount paths joined. */
export function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = prefix + layer.route.path;
      return Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${path}`);
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return routesOf(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

/** Every route of a running app (RunningService.app). */
export const appRoutes = (app: unknown): string[] => routesOf((app as { router: { stack: Layer[] } }).router.stack);
