package io.peerage.policy;

import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.command.Command;
import org.kie.api.conf.SequentialOption;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.command.CommandFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Other ways to run one allocation evaluation on a {@link PolicySet}'s rules, for the engine benchmark and its
 * equivalence test: each gives the same {@link PolicyEvaluation} as {@link PolicySet#evaluate}, or the test says
 * otherwise. They live beside the policy package because verdicts are recorded through its package-private hooks.
 */
public final class EngineStrategies {

    private EngineStrategies() {}

    /** One way to evaluate a request; some hold sessions, released by {@link #close()}. */
    public interface Strategy extends AutoCloseable {
        PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates);

        @Override
        default void close() {}
    }

    /** Sets the firing rule on the session's own {@code verdicts} global: one listener serves every session. */
    static final AgendaEventListener FIRING = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            ((Verdicts) event.getKieRuntime().getGlobal(Verdicts.GLOBAL))
                    .enter(event.getMatch().getRule().getName());
        }
    };

    /** The facts of one evaluation, with the set's settings applied, exactly as {@link PolicySet#evaluate} builds them. */
    static List<Object> facts(PolicySet set, AllocationRequest request, Collection<Candidate> candidates) {
        AllocationRequest settled = request.settled(set.settings());
        List<Object> facts = new ArrayList<>(candidates.size() + 1);
        facts.add(settled);
        for (Candidate candidate : candidates) {
            facts.add(candidate.settled(settled.getContent(), set.settings()));
        }
        return facts;
    }

    static PolicyEvaluation result(PolicySet set, Verdicts verdicts) {
        return new PolicyEvaluation(
                set.number(), verdicts.rejections(), verdicts.preferences(), List.copyOf(verdicts.denials()));
    }

    private static void checkFired(int fired) {
        if (fired >= PolicySet.MAX_FIRINGS) {
            throw new PolicyRuntimeException("rules fired " + fired + " times without settling; a rule loops");
        }
    }

    /** What the service did first: a new session per evaluation, with a new listener. */
    public static Strategy newSessionPerRequest(PolicySet set) {
        return (request, candidates) -> {
            Verdicts verdicts = new Verdicts(set.rules());
            KieSession session = set.kieBase().newKieSession();
            try {
                session.setGlobal(Verdicts.GLOBAL, verdicts);
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void beforeMatchFired(BeforeMatchFiredEvent event) {
                        verdicts.enter(event.getMatch().getRule().getName());
                    }
                });
                facts(set, request, candidates).forEach(session::insert);
                checkFired(session.fireAllRules(PolicySet.MAX_FIRINGS));
            } finally {
                session.dispose();
            }
            return result(set, verdicts);
        };
    }

    /** A new session per evaluation, with the one shared listener. */
    public static Strategy newSessionSharedListener(PolicySet set) {
        return (request, candidates) -> {
            Verdicts verdicts = new Verdicts(set.rules());
            KieSession session = set.kieBase().newKieSession();
            try {
                session.setGlobal(Verdicts.GLOBAL, verdicts);
                session.addEventListener(FIRING);
                facts(set, request, candidates).forEach(session::insert);
                checkFired(session.fireAllRules(PolicySet.MAX_FIRINGS));
            } finally {
                session.dispose();
            }
            return result(set, verdicts);
        };
    }

    /** A stateless session per evaluation, run as one batch of commands so that the firing limit still holds. */
    public static Strategy stateless(PolicySet set) {
        return stateless(set, set.kieBase());
    }

    private static Strategy stateless(PolicySet set, KieBase kieBase) {
        return (request, candidates) -> {
            Verdicts verdicts = new Verdicts(set.rules());
            StatelessKieSession session = kieBase.newStatelessKieSession();
            session.setGlobal(Verdicts.GLOBAL, verdicts);
            session.addEventListener(FIRING);
            List<Command<?>> commands = List.of(
                    CommandFactory.newInsertElements(facts(set, request, candidates)),
                    CommandFactory.newFireAllRules(PolicySet.MAX_FIRINGS));
            session.execute(CommandFactory.newBatchExecution(commands));
            return result(set, verdicts);
        };
    }

    /**
     * Stateless sessions over a rule base built in sequential mode: every rule is evaluated once, in order, and
     * changes made by consequences are not seen. The same verdicts for the shipped catalog, which never changes a fact,
     * but not for every possible policy file (a rule that inserts or updates).
     */
    public static Strategy sequential(PolicySet set) {
        KieBaseConfiguration configuration = KieServices.get().newKieBaseConfiguration();
        configuration.setOption(SequentialOption.YES);
        KnowledgeBuilder builder =
                KnowledgeBuilderFactory.newKnowledgeBuilder(KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(
                        null, EngineStrategies.class.getClassLoader()));
        for (PolicyFile file : set.files()) {
            if (file.name().endsWith(".drl")) {
                builder.add(
                        ResourceFactory.newByteArrayResource(file.text().getBytes(StandardCharsets.UTF_8))
                                .setSourcePath(file.name()),
                        ResourceType.DRL);
            }
        }
        if (builder.hasErrors()) {
            throw new IllegalStateException(builder.getErrors().toString());
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
        kieBase.addPackages(builder.getKnowledgePackages());
        return stateless(set, kieBase);
    }

    /** Sessions from Drools' own pool: a disposed session is reset and goes back to the pool. */
    public static Strategy kiePool(PolicySet set) {
        KieSessionsPool pool = set.kieBase().newKieSessionsPool(4);
        return new Strategy() {
            @Override
            public PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates) {
                Verdicts verdicts = new Verdicts(set.rules());
                KieSession session = pool.newKieSession();
                try {
                    session.setGlobal(Verdicts.GLOBAL, verdicts);
                    if (!session.getAgendaEventListeners().contains(FIRING)) {
                        session.addEventListener(FIRING);
                    }
                    facts(set, request, candidates).forEach(session::insert);
                    checkFired(session.fireAllRules(PolicySet.MAX_FIRINGS));
                } finally {
                    session.dispose();
                }
                return result(set, verdicts);
            }

            @Override
            public void close() {
                pool.shutdown();
            }
        };
    }

    /**
     * Long-lived sessions, one per concurrent evaluation, kept with their listener: the request's facts are inserted,
     * the rules fired, and the facts deleted again. A session whose evaluation failed is thrown away.
     */
    public static Strategy keptSessions(PolicySet set) {
        ConcurrentLinkedDeque<KieSession> idle = new ConcurrentLinkedDeque<>();
        return new Strategy() {
            @Override
            public PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates) {
                Verdicts verdicts = new Verdicts(set.rules());
                KieSession session = idle.pollFirst();
                if (session == null) {
                    session = set.kieBase().newKieSession();
                    session.addEventListener(FIRING);
                }
                boolean clean = false;
                List<Object> facts = facts(set, request, candidates);
                List<FactHandle> handles = new ArrayList<>(facts.size());
                try {
                    session.setGlobal(Verdicts.GLOBAL, verdicts);
                    for (Object fact : facts) {
                        handles.add(session.insert(fact));
                    }
                    checkFired(session.fireAllRules(PolicySet.MAX_FIRINGS));
                    for (FactHandle handle : handles) {
                        session.delete(handle);
                    }
                    clean = session.getFactCount() == 0;
                } finally {
                    if (clean) {
                        idle.offerFirst(session);
                    } else {
                        session.dispose();
                    }
                }
                return result(set, verdicts);
            }

            @Override
            public void close() {
                KieSession session;
                while ((session = idle.pollFirst()) != null) {
                    session.dispose();
                }
            }
        };
    }

    /**
     * The same policy set with its rules compiled to the executable model (Java code generated from the DRL and
     * compiled at run time) instead of the MVEL-interpreted rule base.
     */
    public static PolicySet executableModel(PolicySet set) {
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        ReleaseId release = services.newReleaseId("io.peerage.bench", "policies-" + UUID.randomUUID(), "1.0.0");
        files.generateAndWritePomXML(release);
        for (PolicyFile file : set.files()) {
            if (file.name().endsWith(".drl")) {
                files.write("src/main/resources/" + file.name(), file.text());
            }
        }
        KieBuilder builder = services.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(builder.getResults().toString());
        }
        KieBase kieBase = services.newKieContainer(release).getKieBase();
        return new PolicySet(kieBase, set.files(), set.rules(), set.checksum(), set.settings(), set.number());
    }
}
