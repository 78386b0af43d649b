import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { blockAddresses, canBind, chooseAddressBlock } from '../../../src/provisioner/local/address-block.js';

describe('loopback address blocks of local clusters', () => {
  /** A probe that reports the given host:port pairs as taken. */
  const taken = (...used: string[]) => async (host: string, port: number) => !used.includes(`${host}:${port}`);

  it('puts the master at 127.0.S.1:5050 and agent i at 127.0.S.(i+2):5051', () => {
    assert.deepEqual(blockAddresses(7, 2), {
      block: 7,
      master: { host: '127.0.7.1', port: 5050 },
      agents: [{ host: '127.0.7.2', port: 5051 }, { host: '127.0.7.3', port: 5051 }],
    });
  });

  it('picks the lowest block from 1, never 127.0.0.x (the SSH test hosts)', async () => {
    const probed: string[] = [];
    const block = await chooseAddressBlock({ agents: 2, isFree: async (h, p) => { probed.push(`${h}:${p}`); return true; } });
    assert.equal(block?.block, 1);
    assert.deepEqual(probed, ['127.0.1.1:5050', '127.0.1.2:5051', '127.0.1.3:5051']);
  });

  it('skips a block whose master address is taken', async () => {
    assert.equal((await chooseAddressBlock({ agents: 2, isFree: taken('127.0.1.1:5050') }))?.block, 2);
  });

  it('skips a block where any agent address is taken', async () => {
    assert.equal((await chooseAddressBlock({ agents: 3, isFree: taken('127.0.1.4:5051', '127.0.2.2:5051') }))?.block, 3);
  });

  it('skips blocks recorded by other clusters, even when nothing listens there (a stopped cluster keeps its block)', async () => {
    assert.equal((await chooseAddressBlock({ agents: 1, reserved: [1, 2, 4], isFree: taken() }))?.block, 3);
  });

  it('tries the preferred block first, so a restarted cluster keeps its addresses', async () => {
    assert.equal((await chooseAddressBlock({ agents: 1, preferred: 9, isFree: taken() }))?.block, 9);
    assert.equal((await chooseAddressBlock({ agents: 1, preferred: 9, isFree: taken('127.0.9.1:5050') }))?.block, 1);
  });

  it('answers undefined when every block is used', async () => {
    assert.equal(await chooseAddressBlock({ agents: 1, isFree: async () => false }), undefined);
  });

  it('rejects agent counts that do not fit in a block', async () => {
    await assert.rejects(chooseAddressBlock({ agents: 0 }), RangeError);
    await assert.rejects(chooseAddressBlock({ agents: 254 }), RangeError);
    assert.equal((await chooseAddressBlock({ agents: 253, isFree: taken() }))?.agents.at(-1)?.host, '127.0.1.254');
  });

  describe('canBind', () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

    it('answers false for an address someone listens on, true once it is free again', async () => {
      server = createServer();
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as { port: number };
      assert.equal(await canBind('127.0.0.1', port), false);
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
      assert.equal(await canBind('127.0.0.1', port), true);
    });
  });
});
