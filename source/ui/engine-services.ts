/** The app's services as one engine of several sees them (issue 14): its ports, store and sync, its images, runs and builds. */
import type {EngineMember} from '../model/multi-engine.js';
import type {EnginePorts} from '../model/ports.js';
import type {AppServices} from './app-context.js';

export function scopedServices(services: AppServices, member: EngineMember<EnginePorts>): AppServices {
	// A member with its images carries its runs and builds too (absent under --read-only): they go to its engine.
	return {...services, ports: member.engine, containers: member.store, sync: member.sync, ...(member.images ? {images: member.images, run: member.run, builds: member.builds} : {})};
}
