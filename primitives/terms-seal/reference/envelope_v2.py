# Independent reference of the telecom terms-seal envelope version 2 (padded), with
# pyca/cryptography (OpenSSL): rebuilds the frozen vector of src/tests.rs
# (`envelope_v2_is_frozen`) and checks it. Same inputs as envelope_v1.py.
# Run: python3 primitives/terms-seal/reference/envelope_v2.py
import hashlib
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization as s
h = bytes.fromhex
ENVELOPE_LEN = 2048
PLAINTEXT_LEN = ENVELOPE_LEN - (1 + 32 + 12) - 16
eph = X25519PrivateKey.from_private_bytes(h('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'))
eph_pub = eph.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
recipient = h('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f')
genesis = bytes([0x42]) * 32
agreement = 7
encoded = b"IOT terms: data 1,250 per MB"
salt = bytes(range(32))
nonce = bytes([0x24]) * 12
commitment = hashlib.blake2b(encoded + salt, digest_size=32).digest()
shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient))
info = b"tcc/terms-seal/v2" + genesis + agreement.to_bytes(4, 'little') + recipient + eph_pub
key = HKDF(hashes.SHA256(), 32, None, info).derive(shared)
plaintext = len(encoded).to_bytes(4, 'little') + encoded + salt
plaintext += bytes(PLAINTEXT_LEN - len(plaintext))
ct = ChaCha20Poly1305(key).encrypt(nonce, plaintext, commitment)
env = bytes([2]) + eph_pub + nonce + ct
assert len(env) == ENVELOPE_LEN
print('key', key.hex())
print('envelope head', env[:77].hex())
print('envelope tail', env[-16:].hex())
print('envelope blake2b-256', hashlib.blake2b(env, digest_size=32).hexdigest())
# Bob (RFC 7748 section 6.1) opens it.
bob = X25519PrivateKey.from_private_bytes(h('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))
shared_b = bob.exchange(X25519PublicKey.from_public_bytes(env[1:33]))
key_b = HKDF(hashes.SHA256(), 32, None, info).derive(shared_b)
assert ChaCha20Poly1305(key_b).decrypt(env[33:45], env[45:], commitment) == plaintext
print('ok: matches the frozen vector')
