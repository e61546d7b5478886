"""A rank that raises ends the whole job: without this, the other ranks would wait forever
in their next collective for a rank that is gone."""

import sys
import threading
import traceback

_installed = {}


def abort_job_on_error(comm):
    """Makes an uncaught exception on this rank print its traceback (prefixed with the rank)
    and then call `MPI_Abort`, which ends every rank of the job (mpiexec reports it).

    Installed once per process when a multi-worker strategy is created; the previous hooks
    still run first, so tools that wrap them keep working.
    """
    if comm.size <= 1 or _installed:
        return
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def report_and_abort(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
        else:
            text = "".join(traceback.format_exception(exc_type, exc, tb))
            prefix = f"[nnext rank {comm.rank}/{comm.size}] "
            sys.stderr.write(
                f"{prefix}uncaught {exc_type.__name__}; aborting every rank of the job.\n"
                + "".join(prefix + line + "\n" for line in text.rstrip("\n").split("\n"))
            )
        sys.stderr.flush()
        sys.stdout.flush()
        comm.abort(1)

    def thread_report_and_abort(args):
        if args.exc_type is SystemExit:
            previous_thread(args)
            return
        report_and_abort(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = report_and_abort
    threading.excepthook = thread_report_and_abort
    _installed["hook"] = report_and_abort
