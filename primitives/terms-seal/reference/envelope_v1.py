# Independent reference of the telecom terms-seal envelope (v1), with pyca/cryptography.
import hashlib
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization as s
h = bytes.fromhex
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
info = b"tcc/terms-seal/v1" + genesis + agreement.to_bytes(4, 'little') + recipient + eph_pub
key = HKDF(hashes.SHA256(), 32, None, info).derive(shared)
ct = ChaCha20Poly1305(key).encrypt(nonce, encoded + salt, commitment)
env = bytes([1]) + eph_pub + nonce + ct
print('commitment', commitment.hex())
print('key', key.hex())
print('envelope', env.hex())
print('len', len(env))
