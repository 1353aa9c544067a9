//! The node's JSON-RPC, through jsonrpsee's clients: WebSocket (`ws://`, `wss://`) with
//! subscriptions, or HTTP (`http://`, `https://`) for pollers; TLS by rustls (the `ring`
//! provider) with the system's root certificates, or a consortium's private CA, and an optional
//! client certificate for a reverse proxy that requires mutual TLS.
//!
//! The callers are plain threads: a [`Client`] blocks on one process-wide tokio runtime. A
//! connection that drops is re-opened on the next call (retrying for [`RECONNECT_FOR`]), and the
//! call that met the drop is sent once more on the new connection: [`Client::reconnects`] tells a
//! caller whose call is not idempotent that it may have reached the node already.
//!
//! Benchmark comparator: built with the non-default cargo feature `bench-legacy-client`, a
//! `legacy+http://` URL selects the hand-written HTTP/1.1 client this module replaced
//! (`rpc_legacy.rs`), so that `scripts/bench-client.sh` can measure both transports against
//! one node in one run. Default builds refuse that scheme.

use jsonrpsee::{
	core::{
		client::{BatchResponse, ClientT, Error as ClientError, Subscription, SubscriptionClientT},
		params::BatchRequestBuilder,
		traits::ToRpcParams,
	},
	http_client::{HttpClient, HttpClientBuilder},
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{value::RawValue, Value};
use std::{
	fmt,
	path::{Path, PathBuf},
	sync::{Arc, OnceLock},
	time::{Duration, Instant},
};

/// How long a dropped connection is retried before a call gives up.
pub const RECONNECT_FOR: Duration = Duration::from_secs(30);

/// Largest request or answer (a 20,000-record batch is about 1 MiB; batch requests carry many).
const MAX_MESSAGE: u32 = 256 << 20;

/// What can go wrong talking to the node.
#[derive(Debug)]
pub enum RpcError {
	/// The connection failed or broke (and could not be re-opened).
	Connection(String),
	/// The URL or the TLS material is unusable.
	Config(String),
	/// The node answered something that is not a JSON-RPC response.
	Protocol(String),
	/// The node refused the request: JSON-RPC error code, message and data.
	Call { code: i64, message: String, data: Option<Value> },
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			RpcError::Connection(e) => write!(f, "connection to the node failed: {e}"),
			RpcError::Config(e) => write!(f, "{e}"),
			RpcError::Protocol(e) => write!(f, "unexpected answer from the node: {e}"),
			RpcError::Call { code, message, data } => match data {
				Some(data) => write!(f, "node refused ({code}): {message}: {data}"),
				None => write!(f, "node refused ({code}): {message}"),
			},
		}
	}
}

impl std::error::Error for RpcError {}

impl RpcError {
	/// Whether the connection broke (the call may or may not have reached the node).
	pub fn is_connection(&self) -> bool {
		matches!(self, RpcError::Connection(_))
	}
}

fn from_client_error(error: ClientError) -> RpcError {
	match error {
		ClientError::Call(e) => RpcError::Call {
			code: i64::from(e.code()),
			message: e.message().to_string(),
			data: e.data().and_then(|raw| serde_json::from_str(raw.get()).ok()),
		},
		ClientError::Transport(e) => {
			// hyper's errors say "client error (Connect)"; the cause is further down.
			let mut text = e.to_string();
			let mut source = e.source();
			while let Some(cause) = source {
				text = format!("{text}: {cause}");
				source = cause.source();
			}
			RpcError::Connection(text)
		},
		ClientError::RestartNeeded(e) => RpcError::Connection(e.to_string()),
		ClientError::RequestTimeout => RpcError::Connection("no answer in time".into()),
		other => RpcError::Protocol(other.to_string()),
	}
}

/// The URL scheme of the benchmark comparator's hand-written HTTP client.
pub const LEGACY_SCHEME: &str = "legacy+http";

#[cfg(feature = "bench-legacy-client")]
fn from_legacy_error(error: crate::rpc_legacy::RpcError) -> RpcError {
	use crate::rpc_legacy::RpcError as Legacy;
	match error {
		Legacy::Io(e) => RpcError::Connection(e.to_string()),
		Legacy::Protocol(e) => RpcError::Protocol(e),
		Legacy::Call { code, message, data } => RpcError::Call { code, message, data },
	}
}

/// TLS material beyond the system's root certificates.
#[derive(Clone, Debug, Default)]
pub struct TlsFiles {
	/// PEM file of the CA certificate(s) to trust instead of the system's roots (a consortium's
	/// private CA).
	pub ca_cert: Option<PathBuf>,
	/// PEM certificate chain to present to a server that requires client certificates.
	pub client_cert: Option<PathBuf>,
	/// PEM private key (PKCS#8, PKCS#1 or SEC1) of `client_cert`.
	pub client_key: Option<PathBuf>,
}

/// The rustls client configuration for `files`: roots from `ca_cert`, else the system's; a client
/// certificate if both `client_cert` and `client_key` are given.
pub fn tls_config(files: &TlsFiles) -> Result<rustls::ClientConfig, RpcError> {
	use rustls::pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
	let read_certs = |path: &Path| -> Result<Vec<CertificateDer<'static>>, RpcError> {
		let certs = CertificateDer::pem_file_iter(path)
			.and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
			.map_err(|e| {
				RpcError::Config(format!("{}: not a PEM certificate: {e}", path.display()))
			})?;
		if certs.is_empty() {
			return Err(RpcError::Config(format!("{}: no certificate in it", path.display())));
		}
		Ok(certs)
	};
	let mut roots = rustls::RootCertStore::empty();
	match &files.ca_cert {
		Some(path) => {
			for cert in read_certs(path)? {
				roots.add(cert).map_err(|e| {
					RpcError::Config(format!("{}: unusable CA certificate: {e}", path.display()))
				})?;
			}
		},
		None => {
			let native = rustls_native_certs::load_native_certs();
			// Unreadable certificates among the system's are skipped, as browsers do.
			let _ = roots.add_parsable_certificates(native.certs);
			if roots.is_empty() {
				return Err(RpcError::Config(
					"no root certificate found on this system: pass --ca-cert".into(),
				));
			}
		},
	}
	let provider = Arc::new(rustls::crypto::ring::default_provider());
	let builder = rustls::ClientConfig::builder_with_provider(provider)
		.with_safe_default_protocol_versions()
		.map_err(|e| RpcError::Config(format!("TLS: {e}")))?
		.with_root_certificates(roots);
	match (&files.client_cert, &files.client_key) {
		(None, None) => Ok(builder.with_no_client_auth()),
		(Some(cert), Some(key)) => {
			let chain = read_certs(cert)?;
			let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
				RpcError::Config(format!("{}: not a PEM private key: {e}", key.display()))
			})?;
			builder
				.with_client_auth_cert(chain, key)
				.map_err(|e| RpcError::Config(format!("client certificate: {e}")))
		},
		_ => Err(RpcError::Config("--client-cert and --client-key go together".into())),
	}
}

/// The process-wide runtime every client blocks on (two worker threads drive the connections'
/// background tasks, so a WebSocket keeps reading while its owner computes).
fn runtime() -> Result<&'static tokio::runtime::Runtime, RpcError> {
	static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
	RUNTIME
		.get_or_init(|| {
			tokio::runtime::Builder::new_multi_thread()
				.worker_threads(2)
				.thread_name("telecom-rpc")
				.enable_all()
				.build()
				.map_err(|e| e.to_string())
		})
		.as_ref()
		.map_err(|e| RpcError::Connection(format!("cannot start the I/O runtime: {e}")))
}

/// Runs `future` to completion on the clients' runtime.
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, RpcError> {
	Ok(runtime()?.block_on(future))
}

/// JSON parameters as jsonrpsee sends them: an array or object as given, none for `null`.
struct Params(Value);

impl ToRpcParams for Params {
	fn to_rpc_params(self) -> Result<Option<Box<RawValue>>, serde_json::Error> {
		if self.0.is_null() {
			return Ok(None);
		}
		serde_json::value::to_raw_value(&self.0).map(Some)
	}
}

/// Which protocol a URL speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
	/// `ws://` or `wss://`: one connection, subscriptions.
	WebSocket,
	/// `http://` or `https://`: request and answer, no subscriptions.
	Http,
}

#[derive(Clone)]
enum Connection {
	Ws(Arc<WsClient>),
	Http(Arc<HttpClient>),
}

/// A connection to a node's RPC endpoint, re-opened when it drops.
pub struct Client {
	url: String,
	transport: Transport,
	tls: Option<rustls::ClientConfig>,
	connection: Option<Connection>,
	/// Whether a connection was ever opened.
	opened: bool,
	/// The hand-written HTTP client of the benchmark comparator (`legacy+http://`).
	#[cfg(feature = "bench-legacy-client")]
	legacy: Option<crate::rpc_legacy::Client>,
	/// Connections opened after the first one.
	reconnects: u64,
	timeout: Duration,
}

impl Client {
	/// A client for `url` with the system's root certificates.
	pub fn new(url: &str) -> Result<Self, RpcError> {
		Self::with_tls(url, &TlsFiles::default())
	}

	/// A client for `url` (`ws://`, `wss://`, `http://` or `https://`), trusting `tls` for the
	/// TLS schemes. Connects on the first call.
	pub fn with_tls(url: &str, tls: &TlsFiles) -> Result<Self, RpcError> {
		let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
		if scheme.as_deref() == Some(LEGACY_SCHEME) {
			return Self::legacy(url, tls);
		}
		let (transport, secure) = match scheme.as_deref() {
			Some("ws") => (Transport::WebSocket, false),
			Some("wss") => (Transport::WebSocket, true),
			Some("http") => (Transport::Http, false),
			Some("https") => (Transport::Http, true),
			_ => {
				return Err(RpcError::Config(format!(
					"{url}: the URL must start with ws://, wss://, http:// or https://"
				)))
			},
		};
		let files = tls.ca_cert.is_some() || tls.client_cert.is_some() || tls.client_key.is_some();
		if files && !secure {
			return Err(RpcError::Config(format!(
				"{url}: TLS files are given but the URL is not wss:// or https://"
			)));
		}
		let tls = if secure { Some(tls_config(tls)?) } else { None };
		Ok(Client {
			url: url.to_string(),
			transport,
			tls,
			connection: None,
			opened: false,
			#[cfg(feature = "bench-legacy-client")]
			legacy: None,
			reconnects: 0,
			timeout: Duration::from_secs(60),
		})
	}

	/// The benchmark comparator's client for a `legacy+http://` URL: the hand-written HTTP/1.1
	/// transport, no TLS.
	#[cfg(feature = "bench-legacy-client")]
	fn legacy(url: &str, tls: &TlsFiles) -> Result<Self, RpcError> {
		if tls.ca_cert.is_some() || tls.client_cert.is_some() || tls.client_key.is_some() {
			return Err(RpcError::Config(format!("{url}: the legacy client has no TLS")));
		}
		let plain = url.get(LEGACY_SCHEME.len() + 3..).unwrap_or_default();
		let legacy = crate::rpc_legacy::Client::new(&format!("http://{plain}"))
			.map_err(|e| RpcError::Config(e.to_string()))?;
		Ok(Client {
			url: url.to_string(),
			transport: Transport::Http,
			tls: None,
			connection: None,
			opened: false,
			legacy: Some(legacy),
			reconnects: 0,
			timeout: Duration::from_secs(60),
		})
	}

	/// Without the `bench-legacy-client` feature the comparator's scheme is refused.
	#[cfg(not(feature = "bench-legacy-client"))]
	fn legacy(url: &str, _tls: &TlsFiles) -> Result<Self, RpcError> {
		Err(RpcError::Config(format!(
			"{url}: {LEGACY_SCHEME}:// selects the benchmark comparator (the hand-written client \
			 before #28), which this build leaves out: build telecom-cli with --features \
			 bench-legacy-client"
		)))
	}

	/// Which client speaks for this URL, for benchmark reports: `jsonrpsee-ws`,
	/// `jsonrpsee-http` or, in the comparator build, `legacy-http`.
	pub fn implementation(&self) -> &'static str {
		#[cfg(feature = "bench-legacy-client")]
		if self.legacy.is_some() {
			return "legacy-http";
		}
		match self.transport {
			Transport::WebSocket => "jsonrpsee-ws",
			Transport::Http => "jsonrpsee-http",
		}
	}

	/// The endpoint's protocol.
	pub fn transport(&self) -> Transport {
		self.transport
	}

	/// Connections (re-)opened after the first: a caller compares it before and after a call to
	/// learn whether the call may have been sent twice.
	pub fn reconnects(&self) -> u64 {
		self.reconnects
	}

	/// Drops the connection; the next call opens a new one.
	pub fn disconnect(&mut self) {
		self.connection = None;
		#[cfg(feature = "bench-legacy-client")]
		if let Some(legacy) = self.legacy.as_mut() {
			legacy.disconnect();
		}
	}

	async fn open(
		url: &str,
		transport: Transport,
		tls: Option<rustls::ClientConfig>,
		timeout: Duration,
	) -> Result<Connection, ClientError> {
		match transport {
			Transport::WebSocket => {
				let mut builder = WsClientBuilder::new()
					.max_request_size(MAX_MESSAGE)
					.max_response_size(MAX_MESSAGE)
					.request_timeout(timeout)
					.connection_timeout(Duration::from_secs(5))
					.max_concurrent_requests(4096)
					.max_buffer_capacity_per_subscription(4096);
				if let Some(tls) = tls {
					builder = builder.with_custom_cert_store(tls);
				}
				builder.build(url).await.map(|c| Connection::Ws(Arc::new(c)))
			},
			Transport::Http => {
				let mut builder = HttpClientBuilder::new()
					.max_request_size(MAX_MESSAGE)
					.max_response_size(MAX_MESSAGE)
					.request_timeout(timeout);
				if let Some(tls) = tls {
					builder = builder.with_custom_cert_store(tls);
				}
				builder.build(url).map(|c| Connection::Http(Arc::new(c)))
			},
		}
	}

	/// Opens the connection if there is none. A first connection is tried once; after a drop,
	/// for up to [`RECONNECT_FOR`].
	fn connect(&mut self) -> Result<(), RpcError> {
		if self.connection.is_some() {
			return Ok(());
		}
		let patience = if self.opened { RECONNECT_FOR } else { Duration::ZERO };
		let deadline = Instant::now() + patience;
		let mut pause = Duration::from_millis(100);
		let connection = loop {
			let attempt =
				block_on(Self::open(&self.url, self.transport, self.tls.clone(), self.timeout))?;
			match attempt {
				Ok(connection) => break connection,
				Err(e) if Instant::now() >= deadline => {
					return Err(RpcError::Connection(format!("{}: {e}", self.url)))
				},
				Err(_) => {
					std::thread::sleep(pause);
					pause = (pause * 2).min(Duration::from_secs(2));
				},
			}
		};
		if self.opened {
			self.reconnects = self.reconnects.saturating_add(1);
		}
		self.opened = true;
		self.connection = Some(connection);
		Ok(())
	}

	/// Runs `op` on the connection; when the connection broke, opens a new one and runs `op`
	/// once more.
	fn with_retry<T, F, Fut>(&mut self, op: F) -> Result<T, RpcError>
	where
		F: Fn(Connection) -> Fut,
		Fut: std::future::Future<Output = Result<T, ClientError>>,
	{
		let mut retried = false;
		loop {
			self.connect()?;
			let connection =
				self.connection.clone().ok_or_else(|| RpcError::Connection("closed".into()))?;
			let broken = |e: &ClientError| {
				matches!(e, ClientError::RestartNeeded(_) | ClientError::Transport(_))
			};
			match block_on(op(connection))? {
				Ok(value) => return Ok(value),
				Err(e) if broken(&e) && !retried => {
					retried = true;
					self.connection = None;
				},
				Err(e) => {
					if broken(&e) {
						self.connection = None;
					}
					return Err(from_client_error(e));
				},
			}
		}
	}

	/// Calls `method` with `params` (an array, an object, or `null` for none) and returns its
	/// result.
	pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
		#[cfg(feature = "bench-legacy-client")]
		if let Some(legacy) = self.legacy.as_mut() {
			return legacy.call(method, params).map_err(from_legacy_error);
		}
		self.with_retry(|connection| {
			let params = Params(params.clone());
			async move {
				match &connection {
					Connection::Ws(c) => c.request::<Value, _>(method, params).await,
					Connection::Http(c) => c.request::<Value, _>(method, params).await,
				}
			}
		})
	}

	/// Calls `method` once per parameter list in one batch request; answers come back in order.
	pub fn batch(
		&mut self,
		method: &str,
		params: impl IntoIterator<Item = Value>,
	) -> Result<Vec<Result<Value, RpcError>>, RpcError> {
		let params: Vec<Value> = params.into_iter().collect();
		if params.is_empty() {
			return Ok(Vec::new());
		}
		#[cfg(feature = "bench-legacy-client")]
		if let Some(legacy) = self.legacy.as_mut() {
			return legacy
				.batch(method, params)
				.map(|answers| answers.into_iter().map(|a| a.map_err(from_legacy_error)).collect())
				.map_err(from_legacy_error);
		}
		let answers: BatchResponse<'static, Value> = self.with_retry(|connection| {
			let mut batch = BatchRequestBuilder::new();
			let built: Result<(), serde_json::Error> =
				params.iter().try_for_each(|p| batch.insert(method, Params(p.clone())));
			async move {
				built?;
				let answers = match &connection {
					Connection::Ws(c) => c.batch_request::<Value>(batch).await,
					Connection::Http(c) => c.batch_request::<Value>(batch).await,
				}?;
				// Owned answers, so that they outlive the request.
				let entries: Vec<_> =
					answers.into_iter().map(|a| a.map_err(|e| e.into_owned())).collect();
				let ok = entries.iter().filter(|e| e.is_ok()).count();
				let failed = entries.len().saturating_sub(ok);
				Ok(BatchResponse::new(ok, entries, failed))
			}
		})?;
		Ok(answers
			.into_iter()
			.map(|answer| answer.map_err(|e| from_client_error(ClientError::Call(e))))
			.collect())
	}

	/// Subscribes with `method` (`params` as for [`Client::call`]), to be ended with
	/// `unsubscribe`; `None` over HTTP, which has no subscriptions.
	pub fn subscribe(
		&mut self,
		method: &str,
		params: Value,
		unsubscribe: &str,
	) -> Result<Option<Notifications>, RpcError> {
		if self.transport == Transport::Http {
			return Ok(None);
		}
		let subscription = self.with_retry(|connection| {
			let params = Params(params.clone());
			async move {
				match &connection {
					Connection::Ws(c) => c.subscribe::<Value, _>(method, params, unsubscribe).await,
					Connection::Http(_) => Err(ClientError::HttpNotImplemented),
				}
			}
		})?;
		Ok(Some(Notifications { subscription }))
	}
}

/// What waiting on a subscription gave.
#[derive(Debug)]
pub enum Notification {
	/// The next notification.
	Item(Value),
	/// Nothing arrived in time.
	Timeout,
	/// The subscription ended (its connection dropped, or the node closed it).
	Closed,
}

/// The notifications of one subscription.
pub struct Notifications {
	subscription: Subscription<Value>,
}

impl Notifications {
	/// The next notification, waiting up to `wait` (zero: only one already received).
	pub fn next(&mut self, wait: Duration) -> Notification {
		let subscription = &mut self.subscription;
		let next = block_on(async move { tokio::time::timeout(wait, subscription.next()).await });
		match next {
			Ok(Ok(Some(Ok(value)))) => Notification::Item(value),
			Ok(Err(_elapsed)) => Notification::Timeout,
			// Closed, or a notification that is not JSON (never from a Substrate node).
			Ok(Ok(_)) | Err(_) => Notification::Closed,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls_and_tls_files_are_checked() {
		assert!(Client::new("tcp://example.invalid").is_err());
		assert!(Client::new("127.0.0.1:9944").is_err());
		assert_eq!(Client::new("ws://127.0.0.1:9944").unwrap().transport(), Transport::WebSocket);
		assert_eq!(Client::new("http://127.0.0.1:9944").unwrap().transport(), Transport::Http);
		let missing =
			TlsFiles { ca_cert: Some("/nonexistent/ca.pem".into()), ..Default::default() };
		let error = Client::with_tls("wss://127.0.0.1:9944", &missing).err().unwrap();
		assert!(error.to_string().contains("/nonexistent/ca.pem"), "{error}");
		let plain = Client::with_tls("ws://127.0.0.1:9944", &missing).err().unwrap();
		assert!(plain.to_string().contains("not wss:// or https://"), "{plain}");
		let half = TlsFiles { client_cert: Some("/x.pem".into()), ..Default::default() };
		assert!(tls_config(&half).is_err());
	}

	#[test]
	fn the_comparator_scheme_needs_its_feature() {
		let chosen = Client::new("legacy+http://127.0.0.1:9944");
		if cfg!(feature = "bench-legacy-client") {
			assert_eq!(chosen.unwrap().implementation(), "legacy-http");
		} else {
			let error = chosen.err().unwrap().to_string();
			assert!(error.contains("bench-legacy-client"), "{error}");
		}
		assert_eq!(
			Client::new("http://127.0.0.1:9944").unwrap().implementation(),
			"jsonrpsee-http"
		);
		assert_eq!(Client::new("ws://127.0.0.1:9944").unwrap().implementation(), "jsonrpsee-ws");
	}

	#[test]
	fn a_first_connection_fails_fast() {
		// Nothing listens on the discard port of loopback.
		let mut client = Client::new("http://127.0.0.1:9").unwrap();
		let started = Instant::now();
		let error = client.call("system_health", Value::Null).err().unwrap();
		assert!(error.is_connection(), "{error}");
		assert!(started.elapsed() < Duration::from_secs(10));
		let mut ws = Client::new("ws://127.0.0.1:9").unwrap();
		assert!(ws.call("system_health", Value::Null).err().unwrap().is_connection());
		assert_eq!(ws.reconnects(), 0);
	}

	/// A jsonrpsee server on `addr` with `echo`, `refuse` (a 1010 error with data) and a
	/// `heads` subscription sending three headers.
	fn serve(addr: &str) -> (std::net::SocketAddr, jsonrpsee::server::ServerHandle) {
		use jsonrpsee::{
			server::{Server, SubscriptionMessage},
			types::ErrorObjectOwned,
			RpcModule,
		};
		block_on(async {
			let server = Server::builder().build(addr).await.unwrap();
			let addr = server.local_addr().unwrap();
			let mut module = RpcModule::new(());
			module.register_method("echo", |params, _, _| params.parse::<Value>()).unwrap();
			module
				.register_method("refuse", |_, _, _| {
					Err::<(), _>(ErrorObjectOwned::owned(
						1010,
						"Invalid Transaction",
						Some("Stale"),
					))
				})
				.unwrap();
			module
				.register_subscription("heads", "heads", "unheads", |_, pending, _, _| async move {
					let sink = pending.accept().await?;
					for n in 1..=3u32 {
						let header = serde_json::json!({ "number": format!("0x{n:x}") });
						sink.send(SubscriptionMessage::from_json(&header)?).await?;
					}
					Ok(())
				})
				.unwrap();
			(addr, server.start(module))
		})
		.unwrap()
	}

	#[test]
	fn calls_batches_and_subscriptions_over_websocket_and_http() {
		let (addr, server) = serve("127.0.0.1:0");
		for url in [format!("ws://{addr}"), format!("http://{addr}")] {
			let mut client = Client::new(&url).unwrap();
			let params = serde_json::json!([1, "two"]);
			assert_eq!(client.call("echo", params.clone()).unwrap(), params);
			match client.call("refuse", Value::Null) {
				Err(RpcError::Call { code: 1010, message, data }) => {
					assert_eq!(message, "Invalid Transaction");
					assert_eq!(data, Some(serde_json::json!("Stale")));
				},
				other => panic!("expected a call error, got {other:?}"),
			}
			let answers =
				client.batch("echo", vec![serde_json::json!([1]), serde_json::json!([2])]).unwrap();
			let answers: Vec<Value> = answers.into_iter().map(Result::unwrap).collect();
			assert_eq!(answers, vec![serde_json::json!([1]), serde_json::json!([2])]);
			assert!(client.batch("echo", Vec::new()).unwrap().is_empty());
			let subscription = client.subscribe("heads", Value::Null, "unheads").unwrap();
			if url.starts_with("ws") {
				let mut heads = subscription.expect("WebSocket subscribes");
				for n in 1..=3 {
					match heads.next(Duration::from_secs(5)) {
						Notification::Item(h) => assert_eq!(h["number"], format!("0x{n:x}")),
						other => panic!("expected head {n}, got {other:?}"),
					}
				}
			} else {
				assert!(subscription.is_none(), "HTTP has no subscriptions");
			}
		}
		server.stop().unwrap();
	}

	#[test]
	fn a_dropped_connection_is_reopened_and_the_call_repeated() {
		let (addr, server) = serve("127.0.0.1:0");
		let mut client = Client::new(&format!("ws://{addr}")).unwrap();
		assert_eq!(client.call("echo", serde_json::json!([1])).unwrap(), serde_json::json!([1]));
		let mut heads = client.subscribe("heads", Value::Null, "unheads").unwrap().unwrap();
		server.stop().unwrap();
		block_on(server.stopped()).unwrap();
		// The subscription ends with its connection.
		let mut closed = false;
		for _ in 0..10 {
			if let Notification::Closed = heads.next(Duration::from_secs(1)) {
				closed = true;
				break;
			}
		}
		assert!(closed, "the subscription ends when the server goes");
		// The server comes back on the same address while the client retries.
		let restart = std::thread::spawn(move || {
			std::thread::sleep(Duration::from_millis(700));
			serve(&addr.to_string())
		});
		assert_eq!(client.call("echo", serde_json::json!([2])).unwrap(), serde_json::json!([2]));
		assert_eq!(client.reconnects(), 1);
		let (_, again) = restart.join().unwrap();
		again.stop().unwrap();
	}
}
