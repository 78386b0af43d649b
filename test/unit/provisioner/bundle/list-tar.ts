import { list, type ReadEntry } from 'tar';

export interface Listed {
  path: string;
  type: string;
  mode: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
  size: number;
}

/** Every entry of a tarball as node-tar reads it (pax records applied). */
export async function listTar(file: string): Promise<Listed[]> {
  const entries: Listed[] = [];
  await list({
    file,
    onReadEntry: (e: ReadEntry) => {
      entries.push({ path: e.path, type: e.type, mode: e.mode ?? 0, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime, size: e.size ?? 0 });
    },
  });
  return entries;
}
