// Loaded by mocha before any test (.mocharc.json "require"), however mocha is started:
// every lama process a test starts inherits discovery confined to loopback, TTL 1, on a
// non-standard group and port, unless the test passes its own loopback or namespace flags.
process.env.LAMA_MDNS_INTERFACE = '127.0.0.1';
process.env.LAMA_MDNS_GROUP = '239.255.76.99';
process.env.LAMA_MDNS_PORT = '15999';
