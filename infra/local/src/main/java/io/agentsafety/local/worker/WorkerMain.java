package io.agentsafety.local.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The entry point of one function's worker JVM: {@code java -cp <worker.jar>:<function jar> WorkerMain
 * <handler> <functionName> <memoryMb>}. Initializes the handler once (reporting READY or INIT_ERROR), then
 * serves one invocation at a time, like a Lambda execution environment. Exits when the runner closes stdin.
 *
 * <p>The real stdout carries only protocol frames: {@code System.out} is pointed at stderr before any
 * function code runs, so the function's console logging cannot corrupt the protocol. Both go through
 * {@link DeferredLog}: an invocation's log is written once, right after its answer.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        DataOutputStream protocol = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        DeferredLog log = new DeferredLog(new FileOutputStream(FileDescriptor.err));
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(logStream);
        System.setErr(logStream);
        DataInputStream requests = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        String handler = args[0];
        String functionName = args[1];
        int memoryMb = Integer.parseInt(args[2]);

        HandlerInvoker invoker;
        try {
            invoker = HandlerInvoker.load(handler, WorkerMain.class.getClassLoader());
        } catch (Throwable initFailure) {
            initFailure.printStackTrace();
            Frames.writeResponse(protocol, Frames.INIT_ERROR, ErrorJson.of(initFailure));
            System.exit(1);
            return;
        }
        Frames.writeResponse(protocol, Frames.READY, new byte[0]);
        log.drain();

        Frames.Request request;
        while ((request = Frames.readRequest(requests)) != null) {
            InvocationInfo info = new InvocationInfo(request.requestId(), request.deadlineEpochMillis(), functionName, memoryMb);
            byte[] result;
            byte type;
            long begin = System.nanoTime();
            try {
                result = invoker.invoke(request.payload(), info);
                type = Frames.RESULT;
            } catch (Throwable failure) {
                // like Lambda: the stack trace goes to the function's log, the error document to the caller
                failure.printStackTrace();
                result = ErrorJson.of(failure);
                type = Frames.ERROR;
            }
            Frames.writeResponse(protocol, type, result, System.nanoTime() - begin);
            log.drain(); // after the answer: the runner relays this invocation's log while it sends the response
        }
        System.exit(0);
    }
}
