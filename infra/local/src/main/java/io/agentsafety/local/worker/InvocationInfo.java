package io.agentsafety.local.worker;

/** What a worker knows about one invocation; turned into a Lambda {@code Context} only if the handler takes one. */
record InvocationInfo(String requestId, long deadlineEpochMillis, String functionName, int memoryMb) {
}
