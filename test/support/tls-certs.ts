/**
 * Certificates for a TLS test engine, made with openssl in a temp folder:
 * a CA, a server certificate for 127.0.0.1 and a client certificate, laid
 * out as DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem); and a rogue
 * server certificate for 127.0.0.1 from another CA, for a man in the middle.
 */
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface TlsCerts {
	dir: string;
	/** dockerd's --tlscacert, --tlscert, --tlskey. */
	server: {ca: string; cert: string; key: string};
	/** A DOCKER_CERT_PATH folder for the client. */
	clientDir: string;
	/** A DOCKER_CERT_PATH folder with the right client cert but a CA that did not sign the server. */
	wrongCaDir: string;
	/** A server certificate for 127.0.0.1 signed by another CA: what a man in the middle presents. */
	rogue: {cert: string; key: string};
}

function openssl(dir: string, ...args: string[]): void {
	execFileSync('openssl', args, {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']});
}

function makeCa(dir: string, name: string): void {
	openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`);
}

function signed(dir: string, ca: string, name: string, extensions: string): void {
	writeFileSync(path.join(dir, `${name}.ext`), extensions);
	openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`);
	openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

export function makeTlsCerts(): TlsCerts {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-tls-'));
	makeCa(dir, 'ca');
	makeCa(dir, 'other-ca');
	signed(dir, 'ca', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	signed(dir, 'ca', 'client', 'extendedKeyUsage=clientAuth\n');
	signed(dir, 'other-ca', 'rogue', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	const clientDir = path.join(dir, 'client');
	const wrongCaDir = path.join(dir, 'wrong-ca');
	for (const [target, ca] of [[clientDir, 'ca.pem'], [wrongCaDir, 'other-ca.pem']] as const) {
		mkdirSync(target);
		copyFileSync(path.join(dir, ca), path.join(target, 'ca.pem'));
		copyFileSync(path.join(dir, 'client.pem'), path.join(target, 'cert.pem'));
		copyFileSync(path.join(dir, 'client-key.pem'), path.join(target, 'key.pem'));
	}
	return {
		dir,
		server: {ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server-key.pem')},
		clientDir,
		wrongCaDir,
		rogue: {cert: path.join(dir, 'rogue.pem'), key: path.join(dir, 'rogue-key.pem')},
	};
}
