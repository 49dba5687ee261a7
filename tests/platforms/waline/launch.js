// The Waline server's own vanilla.js (its standalone entry point), with one difference:
// it listens on 127.0.0.1 only. vanilla.js takes no host, and thinkjs reads it from
// think.config('host'), which is set here before the master and its worker start listening
// (the cluster worker runs this same file, with the same environment).
// Usage: WALINE_ROOT=.../node_modules/@waline/vercel node launch.js PORT
const path = require('node:path');
const { createRequire } = require('node:module');

const root = process.env.WALINE_ROOT;
const Application = createRequire(path.join(root, 'package.json'))('thinkjs');

const instance = new Application({
  ROOT_PATH: root,
  APP_PATH: path.join(root, 'src'),
  proxy: true,
  env: 'production',
});

instance.run();
think.config('host', '127.0.0.1');
