/**
 * A command that was typed right but could not be carried out (@SERVER never answered, the lab's port is taken):
 * one line on stderr and exit status 1, as a failed trace has; a usage error (2) is for what the user can fix by
 * typing the command differently.
 */
export class RunFailure extends Error {
	override name = 'RunFailure';
}
