/**
 * A man in the middle on loopback: it presents a server certificate from
 * another CA, and relays what it decrypts to the real TLS engine with the
 * client's certificate. A client that does not verify the server reaches the
 * engine through it and sees nothing wrong; one that verifies must refuse.
 */
import {readFileSync} from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

export interface Mitm {
	address: string;
	/** Connections whose TLS handshake with the client completed: a client that verified never gets here. */
	handshakes: () => number;
	close: () => Promise<void>;
}

export async function startMitm(target: {host: string; port: number; ca: string; cert: string; key: string}, rogue: {cert: string; key: string}): Promise<Mitm> {
	let handshakes = 0;
	const sockets = new Set<net.Socket>();
	const server = tls.createServer({cert: readFileSync(rogue.cert), key: readFileSync(rogue.key)}, client => {
		handshakes++;
		const upstream = tls.connect({host: target.host, port: target.port, ca: readFileSync(target.ca), cert: readFileSync(target.cert), key: readFileSync(target.key)});
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('error', () => undefined);
			socket.on('close', () => sockets.delete(socket));
		}
		client.pipe(upstream).pipe(client);
	});
	server.on('tlsClientError', () => undefined);
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		address: `tcp://127.0.0.1:${port}`,
		handshakes: () => handshakes,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
