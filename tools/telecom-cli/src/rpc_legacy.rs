//! **Benchmark comparator only** (cargo feature `bench-legacy-client`, off by default): the
//! hand-written JSON-RPC 2.0 client over HTTP/1.1 keep-alive connections (std sockets only) that
//! `telecom-cli` and `telecom-load` used before the jsonrpsee clients of issue #28, kept verbatim
//! (commit `9562804`, `tools/telecom-cli/src/rpc.rs`) so that `telecom-load` can drive one node
//! with both transports in one benchmark run (`scripts/bench-client.sh`). No TLS, no WebSocket,
//! no subscriptions: never use it against a node across a network.
//!
//! A [`crate::rpc::Client`] speaks through it when its URL starts with `legacy+http://` and the
//! feature is on; everything above the transport (the follower, the submitters, the probes) is
//! the same code for both.

use serde_json::{json, Value};
use std::{
	fmt,
	io::{BufRead, BufReader, Write},
	net::{TcpStream, ToSocketAddrs},
	time::Duration,
};

/// What can go wrong talking to the node.
#[derive(Debug)]
pub enum RpcError {
	/// The connection failed or broke.
	Io(std::io::Error),
	/// The node answered something that is not a JSON-RPC response.
	Protocol(String),
	/// The node refused the request: JSON-RPC error code, message and data.
	Call { code: i64, message: String, data: Option<Value> },
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			RpcError::Io(e) => write!(f, "connection to the node failed: {e}"),
			RpcError::Protocol(e) => write!(f, "unexpected answer from the node: {e}"),
			RpcError::Call { code, message, data } => match data {
				Some(data) => write!(f, "node refused ({code}): {message}: {data}"),
				None => write!(f, "node refused ({code}): {message}"),
			},
		}
	}
}

impl std::error::Error for RpcError {}

impl From<std::io::Error> for RpcError {
	fn from(e: std::io::Error) -> Self {
		RpcError::Io(e)
	}
}

/// One keep-alive HTTP connection to a node's RPC port.
pub struct Client {
	host: String,
	path: String,
	stream: Option<BufReader<TcpStream>>,
	next_id: u64,
	timeout: Duration,
}

impl Client {
	/// A client for `url` (`http://host:port[/path]`; `ws://` is accepted and spoken as HTTP).
	/// Connects lazily and reconnects once if the node closed an idle connection.
	pub fn new(url: &str) -> Result<Self, RpcError> {
		let rest = url
			.strip_prefix("http://")
			.or_else(|| url.strip_prefix("ws://"))
			.ok_or_else(|| RpcError::Protocol(format!("{url}: only http:// or ws:// URLs")))?;
		let (host, path) = match rest.find('/') {
			Some(at) => (rest.get(..at).unwrap_or(rest), rest.get(at..).unwrap_or("/")),
			None => (rest, "/"),
		};
		Ok(Client {
			host: host.to_string(),
			path: path.to_string(),
			stream: None,
			next_id: 1,
			timeout: Duration::from_secs(60),
		})
	}

	/// Drops the connection; the next request opens a new one.
	pub fn disconnect(&mut self) {
		self.stream = None;
	}

	fn connect(&mut self) -> Result<&mut BufReader<TcpStream>, RpcError> {
		if self.stream.is_none() {
			let addr = self
				.host
				.to_socket_addrs()?
				.next()
				.ok_or_else(|| RpcError::Protocol(format!("{}: no address", self.host)))?;
			let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
			stream.set_nodelay(true)?;
			stream.set_read_timeout(Some(self.timeout))?;
			self.stream = Some(BufReader::new(stream));
		}
		self.stream.as_mut().ok_or_else(|| RpcError::Protocol("not connected".into()))
	}

	/// Posts one JSON body and returns the parsed JSON answer.
	fn post(&mut self, body: &Value) -> Result<Value, RpcError> {
		let body = serde_json::to_vec(body).map_err(|e| RpcError::Protocol(e.to_string()))?;
		match self.post_once(&body) {
			Ok(v) => Ok(v),
			// A keep-alive connection the server closed: reconnect once.
			Err(RpcError::Io(_)) => {
				self.stream = None;
				self.post_once(&body)
			},
			Err(e) => Err(e),
		}
	}

	fn post_once(&mut self, body: &[u8]) -> Result<Value, RpcError> {
		let head = format!(
			"POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
			self.path,
			self.host,
			body.len()
		);
		let reader = self.connect()?;
		let stream = reader.get_mut();
		stream.write_all(head.as_bytes())?;
		stream.write_all(body)?;
		let answer = read_response(reader);
		if answer.is_err() {
			self.stream = None;
		}
		let (status, bytes) = answer?;
		let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
			RpcError::Protocol(format!("HTTP {status}: {e}: {}", String::from_utf8_lossy(&bytes)))
		})?;
		Ok(value)
	}

	/// Calls `method` with `params` and returns its result.
	pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
		let id = self.next_id;
		self.next_id = self.next_id.wrapping_add(1);
		let answer =
			self.post(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
		into_result(answer)
	}

	/// Calls `method` once per parameter list in one batch request; answers come back in order.
	pub fn batch(
		&mut self,
		method: &str,
		params: impl IntoIterator<Item = Value>,
	) -> Result<Vec<Result<Value, RpcError>>, RpcError> {
		let first = self.next_id;
		let requests: Vec<Value> = params
			.into_iter()
			.map(|p| {
				let id = self.next_id;
				self.next_id = self.next_id.wrapping_add(1);
				json!({"jsonrpc": "2.0", "id": id, "method": method, "params": p})
			})
			.collect();
		if requests.is_empty() {
			return Ok(Vec::new());
		}
		let count = requests.len();
		let answer = self.post(&Value::Array(requests))?;
		let Value::Array(answers) = answer else {
			// A batch the server refuses whole comes back as one error object.
			return Err(into_result(answer).err().unwrap_or_else(|| {
				RpcError::Protocol("a batch request answered with a single result".into())
			}));
		};
		let mut ordered: Vec<Option<Result<Value, RpcError>>> = (0..count).map(|_| None).collect();
		for answer in answers {
			let slot = answer
				.get("id")
				.and_then(Value::as_u64)
				.and_then(|id| id.checked_sub(first))
				.and_then(|i| usize::try_from(i).ok())
				.and_then(|i| ordered.get_mut(i));
			if let Some(slot) = slot {
				*slot = Some(into_result(answer));
			}
		}
		Ok(ordered
			.into_iter()
			.map(|a| a.unwrap_or_else(|| Err(RpcError::Protocol("no answer in batch".into()))))
			.collect())
	}
}

fn into_result(mut answer: Value) -> Result<Value, RpcError> {
	if let Some(error) = answer.get_mut("error") {
		return Err(RpcError::Call {
			code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
			message: error.get("message").and_then(Value::as_str).unwrap_or("").to_string(),
			data: error.get_mut("data").map(Value::take),
		});
	}
	answer
		.get_mut("result")
		.map(Value::take)
		.ok_or_else(|| RpcError::Protocol(format!("neither result nor error: {answer}")))
}

/// Reads one HTTP/1.1 response: status code and body (by `Content-Length` or chunked).
pub(crate) fn read_response(reader: &mut impl BufRead) -> Result<(u16, Vec<u8>), RpcError> {
	let mut line = String::new();
	if reader.read_line(&mut line)? == 0 {
		return Err(RpcError::Io(std::io::ErrorKind::UnexpectedEof.into()));
	}
	let status = line
		.split_whitespace()
		.nth(1)
		.and_then(|s| s.parse::<u16>().ok())
		.ok_or_else(|| RpcError::Protocol(format!("bad status line {line:?}")))?;
	let mut length: Option<usize> = None;
	let mut chunked = false;
	loop {
		line.clear();
		if reader.read_line(&mut line)? == 0 {
			return Err(RpcError::Io(std::io::ErrorKind::UnexpectedEof.into()));
		}
		let header = line.trim_end();
		if header.is_empty() {
			break;
		}
		if let Some((name, value)) = header.split_once(':') {
			let value = value.trim();
			if name.eq_ignore_ascii_case("content-length") {
				length = value.parse().ok();
			} else if name.eq_ignore_ascii_case("transfer-encoding")
				&& value.eq_ignore_ascii_case("chunked")
			{
				chunked = true;
			}
		}
	}
	let mut body = Vec::new();
	if chunked {
		loop {
			line.clear();
			reader.read_line(&mut line)?;
			let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
				.map_err(|_| RpcError::Protocol(format!("bad chunk size {line:?}")))?;
			if size == 0 {
				// Trailers, then the blank line.
				loop {
					line.clear();
					if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
						break;
					}
				}
				break;
			}
			let start = body.len();
			body.resize(start.saturating_add(size), 0);
			reader.read_exact(body.get_mut(start..).unwrap_or_default())?;
			line.clear();
			reader.read_line(&mut line)?;
		}
	} else {
		let length =
			length.ok_or_else(|| RpcError::Protocol("response without Content-Length".into()))?;
		body.resize(length, 0);
		reader.read_exact(&mut body)?;
	}
	Ok((status, body))
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{
		io::{Cursor, Read},
		net::TcpListener,
		thread,
	};

	#[test]
	fn reads_content_length_and_chunked_bodies() {
		let mut plain =
			Cursor::new(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcdEXTRA".to_vec());
		assert_eq!(read_response(&mut plain).unwrap(), (200, b"abcd".to_vec()));
		let mut chunked = Cursor::new(
			b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
				.to_vec(),
		);
		assert_eq!(read_response(&mut chunked).unwrap(), (200, b"abcde".to_vec()));
		let mut truncated =
			Cursor::new(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab".to_vec());
		assert!(matches!(read_response(&mut truncated), Err(RpcError::Io(_))));
		let mut garbage = Cursor::new(b"hello\r\n\r\n".to_vec());
		assert!(matches!(read_response(&mut garbage), Err(RpcError::Protocol(_))));
	}

	/// A one-connection server that answers each request with the next canned body.
	fn serve(answers: Vec<&'static str>) -> (String, thread::JoinHandle<Vec<String>>) {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let url = format!("http://{}", listener.local_addr().unwrap());
		let handle = thread::spawn(move || {
			let (stream, _) = listener.accept().unwrap();
			let mut reader = BufReader::new(stream);
			let mut seen = Vec::new();
			for answer in answers {
				let mut length = 0;
				let mut line = String::new();
				loop {
					line.clear();
					reader.read_line(&mut line).unwrap();
					if line.trim().is_empty() {
						break;
					}
					if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
						length = v.trim().parse().unwrap();
					}
				}
				let mut body = vec![0; length];
				reader.read_exact(&mut body).unwrap();
				seen.push(String::from_utf8(body).unwrap());
				let reply =
					format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{answer}", answer.len());
				reader.get_mut().write_all(reply.as_bytes()).unwrap();
			}
			seen
		});
		(url, handle)
	}

	#[test]
	fn calls_and_batches_map_results_and_errors_in_order() {
		let (url, server) = serve(vec![
			r#"{"jsonrpc":"2.0","id":1,"result":"0x01"}"#,
			r#"{"jsonrpc":"2.0","id":2,"error":{"code":1010,"message":"Invalid Transaction","data":"Stale"}}"#,
			r#"[{"jsonrpc":"2.0","id":4,"result":4},{"jsonrpc":"2.0","id":3,"result":3}]"#,
		]);
		let mut client = Client::new(&url).unwrap();
		assert_eq!(client.call("a", json!([])).unwrap(), json!("0x01"));
		match client.call("b", json!([1])) {
			Err(RpcError::Call { code: 1010, message, data }) => {
				assert_eq!(message, "Invalid Transaction");
				assert_eq!(data, Some(json!("Stale")));
			},
			other => panic!("expected a call error, got {other:?}"),
		}
		let answers = client.batch("c", vec![json!([]), json!([])]).unwrap();
		assert_eq!(answers.len(), 2);
		assert_eq!(answers[0].as_ref().unwrap(), &json!(3));
		assert_eq!(answers[1].as_ref().unwrap(), &json!(4));
		let seen = server.join().unwrap();
		assert!(seen[0].contains(r#""method":"a""#));
		assert!(seen[2].starts_with('['));
	}

	#[test]
	fn urls_are_checked() {
		assert!(Client::new("https://example.invalid").is_err());
		let client = Client::new("ws://127.0.0.1:9944").unwrap();
		assert_eq!((client.host.as_str(), client.path.as_str()), ("127.0.0.1:9944", "/"));
	}
}
