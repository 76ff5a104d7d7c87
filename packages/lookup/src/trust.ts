// The credential and clock half of @lama/lookup without the gRPC kit, discovery or the
// registrar: what a signed-manifest reader or a multicast transfer needs, loaded in a few ms.
// Also exported as '@lama/lookup/trust'; everything here is in the main entry too.
export { LamaError, CredentialError } from './errors.js';
export { systemClock, VirtualClock, type Clock, type Timer } from './time/clock.js';
export { parseHostPort, type HostPort } from './vocabulary/host-port.js';
export { loadCredential } from './credentials/key-files.js';
export { createPoolKey, issueCredential, type Credential, type Role } from './credentials/certificate.js';
export { CredentialVerifier, type Principal } from './credentials/verifier.js';
export { makeCallProof, requestDigest, type Audience } from './credentials/call-proof.js';
export { signDocument, verifyDocument, type SignedDocument, type VerifiedDocument, type DocumentExpectation } from './credentials/signed-document.js';
