# Independent reference of the telecom terms-seal envelope (v1), with pyca/cryptography (OpenSSL):
# rebuilds the frozen vector of src/tests.rs (`envelope_v1_is_frozen`) and checks it.
# Run: python3 primitives/terms-seal/reference/envelope_v1.py
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
# The values src/tests.rs freezes.
assert commitment.hex() == '218e120afd04192b584d4ebcf6ff31e4e87655140cd74e83e325d579bd913d84'
assert env.hex() == (
    '01'
    '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'
    '242424242424242424242424'
    '9d39b56445eaeceb9b20ba0d8d4b90439d7d68dae0163ec2537d1f402950365b'
    '4164542b8b0f69d842316106b269332af48a5c0e4291854aaaeedef6458fa2c1'
    'd44c09ad96ea9c5e6bfacc0a'
)
assert len(env) == len(encoded) + 93
# Bob (RFC 7748 section 6.1) opens it.
bob = X25519PrivateKey.from_private_bytes(h('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))
assert bob.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw) == recipient
shared_b = bob.exchange(X25519PublicKey.from_public_bytes(env[1:33]))
key_b = HKDF(hashes.SHA256(), 32, None, info).derive(shared_b)
assert ChaCha20Poly1305(key_b).decrypt(env[33:45], env[45:], commitment) == encoded + salt
print('ok: matches the frozen vector')
