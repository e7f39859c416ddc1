package io.agentsafety.client;

/** 404: the run, reservation or approval does not exist (or the route is unknown). */
public class NotFoundException extends SafetyException {

    public NotFoundException(Problem problem) {
        super(problem);
    }
}
