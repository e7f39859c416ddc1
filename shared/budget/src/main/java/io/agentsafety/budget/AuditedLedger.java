package io.agentsafety.budget;

import io.micronaut.aop.Around;
import io.micronaut.context.annotation.Type;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every mutation of the annotated ledger is recorded in the audit trail by {@link LedgerAuditInterceptor}:
 * one place for the nine budget functions and for any later caller of the ledger (sandbox, approvals).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Around
@Type(LedgerAuditInterceptor.class)
public @interface AuditedLedger {
}
