// BBPS_ALLOWED_IPS (design §3.2): the CIDR list allowed on /bbps/*; IPv4 and IPv6. An IPv4 client seen
// on a dual-stack socket as ::ffff:a.b.c.d is matched as the IPv4 address it is.
import { BlockList, isIP } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../core/errors';

export type AllowCheck = (address: string | undefined) => boolean;

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Parses the list once; a bad entry stops the boot naming it. An empty list allows everyone. */
export function compileAllowList(cidrs: readonly string[]): AllowCheck {
  if (cidrs.length === 0) return () => true;
  const list = new BlockList();
  for (const entry of cidrs) {
    const [address = '', prefixText, ...rest] = entry.split('/');
    // node:net reads `fe80::1%eth0` as an IPv6 address and BlockList then drops the zone, so the entry
    // would allow that address on every interface: refused instead of silently widened
    if (address.includes('%')) {
      throw new AppError('CONFIG_INVALID', `configuration: BBPS_ALLOWED_IPS entry "${entry.slice(0, 60)}" names an IPv6 zone (${address.slice(address.indexOf('%'), address.indexOf('%') + 20)}); zones are not supported in the allow-list — remove it (e.g. fe80::1/128)`);
    }
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
      throw new AppError('CONFIG_INVALID', `BBPS_ALLOWED_IPS: invalid entry "${entry.slice(0, 60)}" (use CIDR such as 10.0.0.0/8 or 2001:db8::/32)`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (raw) => {
    if (!raw) return false;
    const address = MAPPED_V4.exec(raw)?.[1] ?? raw;
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** Other clients get 403 before their body is read; `refuse` writes the answer (a Failure Ack). */
export function allowListMiddleware(allowed: AllowCheck, refuse: (req: Request, res: Response) => void): RequestHandler {
  return (req, res, next) => {
    if (allowed(req.socket.remoteAddress)) return next();
    refuse(req, res);
  };
}
