// Flood peer for @discordjs/ws 2.x (json + zlib-stream only: the library has no ETF and no zstd).
// Same protocol as the Java peers: discovery through REST at the flood gateway, a presence update
// after --warmup MESSAGE_CREATE, "FLOOD_CLIENT_DONE lastEventMicros=..." after the last one. Like the
// sample-app's listener it reads every message's content, author and channel.
'use strict';
const { WebSocketManager, WebSocketShardEvents, CompressionMethod } = require('@discordjs/ws');
const { REST } = require('@discordjs/rest');

const TOKEN = 'MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one';
const args = { events: '200000', warmup: '0', encoding: 'json', compression: 'zlib-stream' };
for (const arg of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(arg);
  if (m) args[m[1]] = m[2];
}
if (args.encoding !== 'json' || args.compression !== 'zlib-stream') {
  console.log('FLOOD_CLIENT_UNSUPPORTED @discordjs/ws supports json + zlib-stream only');
  process.exit(5);
}
const warmup = Number(args.warmup);
const total = warmup + Number(args.events);
const epochMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const rest = new REST({ api: `http://127.0.0.1:${args.port}/api`, version: '10' }).setToken(TOKEN);
const manager = new WebSocketManager({
  token: TOKEN,
  intents: (1 << 0) | (1 << 9) | (1 << 15), // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
  rest,
  compression: CompressionMethod.ZlibNative,
});

let count = 0;
let sink = 0;
manager.on(WebSocketShardEvents.Ready, () => {
  console.log(`FLOOD_CLIENT_READY shard=0 uptimeMillis=${Math.round(performance.now())}`);
});
manager.on(WebSocketShardEvents.Dispatch, (payload) => {
  if (payload.t !== 'MESSAGE_CREATE') return;
  const message = payload.d;
  sink += message.content.length + message.author.username.length + message.channel_id.length;
  count++;
  if (count === warmup) {
    console.log(`FLOOD_CLIENT_WARM count=${count}`);
    manager.send(0, { op: 3, d: { since: null, activities: [], status: 'online', afk: false } });
  }
  if (count === total) {
    console.log(`FLOOD_CLIENT_DONE lastEventMicros=${epochMicros()} count=${count} sink=${sink}`);
    process.exit(0);
  }
});
manager.connect();
