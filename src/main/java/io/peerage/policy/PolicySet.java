package io.peerage.policy;

import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification;
import io.peerage.node.Classification.ClassificationReason;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.policy.check.RuleReads;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ClassificationRequest;
import io.peerage.policy.fact.NodeFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kie.api.KieBase;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * A compiled, validated set of policy files: immutable, so a request that took it evaluates entirely under one version
 * while a newer set may be swapped in beside it.
 *
 * @param reads what each rule reads, by rule name (see {@link RuleReads})
 * @param checksum the SHA-256 over the files' names and texts (the settings file's too): equal files, equal checksum
 * @param settings what {@code settings.json} says, or the defaults when the set has none
 * @param number the stored version number, 0 until the set is stored
 * @param budget how long the rules may take over one request
 * @param classCache whether, and for how many classes, the rules run once per class of candidates
 * @param classes how this set's candidates fall into classes, from what its rules read
 */
public record PolicySet(
        KieBase kieBase,
        List<PolicyFile> files,
        Map<String, RuleMetadata> rules,
        Map<String, RuleReads> reads,
        String checksum,
        PolicySettings settings,
        int number,
        EvaluationBudget budget,
        ClassCache classCache,
        CandidateClasses classes) {

    /** No rule may run away: a session stops after this many firings and the evaluation fails. */
    static final int MAX_FIRINGS = 100_000;

    public PolicySet {
        files = List.copyOf(files);
        rules = Map.copyOf(rules);
        reads = Map.copyOf(reads);
        settings = settings == null ? PolicySettings.DEFAULTS : settings;
        budget = budget == null ? EvaluationBudget.unlimited() : budget;
        classCache = classCache == null ? ClassCache.DEFAULT : classCache;
        classes = classes == null ? CandidateClasses.of(rules, reads) : classes;
    }

    public PolicySet(
            KieBase kieBase,
            List<PolicyFile> files,
            Map<String, RuleMetadata> rules,
            Map<String, RuleReads> reads,
            String checksum,
            PolicySettings settings,
            int number,
            EvaluationBudget budget) {
        this(kieBase, files, rules, reads, checksum, settings, number, budget, null, null);
    }

    public PolicySet(
            KieBase kieBase,
            List<PolicyFile> files,
            Map<String, RuleMetadata> rules,
            Map<String, RuleReads> reads,
            String checksum,
            PolicySettings settings,
            int number) {
        this(kieBase, files, rules, reads, checksum, settings, number, EvaluationBudget.unlimited());
    }

    /** A set whose reads are not known, such as one built by hand around a rule base. */
    public PolicySet(
            KieBase kieBase,
            List<PolicyFile> files,
            Map<String, RuleMetadata> rules,
            String checksum,
            PolicySettings settings,
            int number) {
        this(kieBase, files, rules, Map.of(), checksum, settings, number);
    }

    /** The same set under its stored version number. */
    public PolicySet numbered(int versionNumber) {
        return new PolicySet(
                kieBase, files, rules, reads, checksum, settings, versionNumber, budget, classCache, classes);
    }

    /** The same set under another evaluation budget, its first evaluation yet to come. */
    public PolicySet budgeted(EvaluationBudget evaluationBudget) {
        return new PolicySet(
                kieBase,
                files,
                rules,
                reads,
                checksum,
                settings,
                number,
                evaluationBudget.forNewSet(),
                classCache,
                classes);
    }

    /** The same set, deciding once per class of candidates or not, as the given cache says. */
    public PolicySet withClassCache(ClassCache cache) {
        return new PolicySet(kieBase, files, rules, reads, checksum, settings, number, budget, cache, classes);
    }

    /** What one rule reads; empty for a rule this set does not have. */
    public Optional<RuleReads> readsOf(String rule) {
        return Optional.ofNullable(reads.get(rule));
    }

    /** The rules that read the clock: their verdicts can change while nothing but time does. */
    public Set<String> clockReadingRules() {
        return reads.values().stream()
                .filter(RuleReads::readsClock)
                .map(RuleReads::rule)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every getter chain that any rule reads from one fact type, such as {@code "Candidate"}. */
    public Set<String> pathsReadFrom(String fact) {
        return reads.values().stream()
                .flatMap(read -> read.pathsOf(fact).stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Runs the allocation policies over one request and its candidates. The facts get this set's settings first
     * (such as {@code content.blockedCountries}), so that rules and settings of one version always go together.
     */
    public PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates) {
        AllocationRequest settled = request.settled(settings);
        List<Candidate> settledCandidates = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            settledCandidates.add(candidate.settled(settled.getContent(), settings));
        }
        if (classCache.on() && classes.uncachedBecause().isEmpty() && settledCandidates.size() > 1) {
            Optional<PolicyEvaluation> byClass = evaluateByClass(settled, settledCandidates);
            if (byClass.isPresent()) {
                return byClass.get();
            }
        }
        classCache.misses().addAndGet(settledCandidates.size());
        Verdicts verdicts = new Verdicts(rules);
        run(verdicts, facts(settled, settledCandidates));
        return new PolicyEvaluation(
                number, verdicts.rejections(), verdicts.preferences(), List.copyOf(verdicts.denials()));
    }

    /**
     * Runs the rules once for a stand-in of each class of candidates and gives each candidate its class's verdicts.
     * Candidates of a class whose verdicts write a chain they differ on get a second run, one stand-in for each such
     * group. Empty when classing does not pay (every candidate its own class) or the classes exceed the cache.
     */
    private Optional<PolicyEvaluation> evaluateByClass(AllocationRequest request, List<Candidate> candidates) {
        Map<CandidateClasses.Key, List<Candidate>> byKey = new LinkedHashMap<>();
        try {
            for (Candidate candidate : candidates) {
                CandidateClasses.Key key = classes.key(candidate);
                List<Candidate> members = byKey.get(key);
                if (members == null) {
                    if (byKey.size() >= classCache.size()) {
                        return Optional.empty();
                    }
                    members = new ArrayList<>();
                    byKey.put(key, members);
                }
                members.add(candidate);
            }
        } catch (RuntimeException e) {
            // A getter that fails is the rules' to report, as they would without classes.
            return Optional.empty();
        }
        if (byKey.size() == candidates.size()) {
            return Optional.empty();
        }
        List<StandIn> first = new ArrayList<>(byKey.size());
        for (List<Candidate> members : byKey.values()) {
            first.add(standIn(members, first.size()));
        }
        Verdicts firstRun = new Verdicts(rules);
        run(firstRun, facts(request, first.stream().map(StandIn::candidate).toList()));
        List<StandIn> second = new ArrayList<>();
        Map<String, List<Reason>> rejections = new LinkedHashMap<>();
        Map<String, List<Preference>> preferences = new HashMap<>();
        for (StandIn stand : first) {
            List<Candidate> alike = stand.members();
            Set<String> fired = firedFor(firstRun, stand.candidate().getId());
            // Most classes write alike into their messages: found by comparing values, before any key is built.
            if (!fired.isEmpty() && !classes.writeAlike(fired, stand.members())) {
                Map<CandidateClasses.Key, List<Candidate>> byText = new LinkedHashMap<>();
                for (Candidate member : stand.members()) {
                    byText.computeIfAbsent(classes.written(fired, member), key -> new ArrayList<>())
                            .add(member);
                }
                if (byText.size() > 1) {
                    alike = byText.remove(classes.written(fired, stand.members().get(0)));
                    for (List<Candidate> group : byText.values()) {
                        second.add(standIn(group, first.size() + second.size()));
                    }
                }
            }
            give(firstRun, stand.candidate().getId(), alike, rejections, preferences);
        }
        if (!second.isEmpty()) {
            Verdicts secondRun = new Verdicts(rules);
            run(
                    secondRun,
                    facts(request, second.stream().map(StandIn::candidate).toList()));
            for (StandIn stand : second) {
                give(secondRun, stand.candidate().getId(), stand.members(), rejections, preferences);
            }
        }
        int evaluated = first.size() + second.size();
        classCache.misses().addAndGet(evaluated);
        classCache.hits().addAndGet(candidates.size() - evaluated);
        return Optional.of(new PolicyEvaluation(number, rejections, preferences, List.copyOf(firstRun.denials())));
    }

    /** The candidate the rules see for a class of candidates, and the candidates it stands in for. */
    private record StandIn(Candidate candidate, List<Candidate> members) {}

    private StandIn standIn(List<Candidate> members, int n) {
        Candidate first = members.get(0);
        return new StandIn(classes.standIns() ? first.standingInAs(classes.placeholder(n)) : first, members);
    }

    private static Set<String> firedFor(Verdicts verdicts, String id) {
        Set<String> fired = new LinkedHashSet<>();
        for (Reason reason : verdicts.rejections().getOrDefault(id, List.of())) {
            fired.add(reason.rule());
        }
        for (Preference preference : verdicts.preferences().getOrDefault(id, List.of())) {
            fired.add(preference.rule());
        }
        return fired;
    }

    /** Gives each member what the rules said about its stand-in, in its own id's words. */
    private void give(
            Verdicts verdicts,
            String standInId,
            List<Candidate> members,
            Map<String, List<Reason>> rejections,
            Map<String, List<Preference>> preferences) {
        List<Reason> reasons = verdicts.rejections().get(standInId);
        List<Preference> preferred = verdicts.preferences().get(standInId);
        // Without placeholders the stand-in is the first member itself, and no message holds an id to put back.
        boolean placeholder = classes.standIns();
        // Each message is cut at the placeholder once per class, then put together again around each member's id.
        Template[] reasonTexts = placeholder && reasons != null ? templates(reasons, Reason::message, standInId) : null;
        Template[] preferenceTexts =
                placeholder && preferred != null ? templates(preferred, Preference::message, standInId) : null;
        // Read only from here on: members whose messages hold no id share the stand-in's list.
        List<Reason> sharedReasons = reasons == null ? null : Collections.unmodifiableList(reasons);
        List<Preference> sharedPreferences = preferred == null ? null : Collections.unmodifiableList(preferred);
        for (Candidate member : members) {
            String id = member.getId();
            if (reasons != null) {
                List<Reason> own = sharedReasons;
                if (reasonTexts != null) {
                    Reason[] copies = new Reason[reasons.size()];
                    for (int i = 0; i < copies.length; i++) {
                        Reason reason = reasons.get(i);
                        Template text = reasonTexts[i];
                        copies[i] = text == null ? reason : reason.withMessage(text.with(id));
                    }
                    own = Arrays.asList(copies);
                }
                rejections.put(id, own);
            }
            if (preferred != null) {
                List<Preference> own = sharedPreferences;
                if (preferenceTexts != null) {
                    Preference[] copies = new Preference[preferred.size()];
                    for (int i = 0; i < copies.length; i++) {
                        Preference preference = preferred.get(i);
                        Template text = preferenceTexts[i];
                        copies[i] = text == null
                                ? preference
                                : new Preference(
                                        preference.code(), preference.rule(), preference.weight(), text.with(id));
                    }
                    own = Arrays.asList(copies);
                }
                preferences.put(id, own);
            }
        }
    }

    /** The messages cut at the stand-in's id; null for a message without it, which every member shares as it is. */
    private static <T> Template[] templates(List<T> verdicts, Function<T, String> message, String standInId) {
        Template[] templates = new Template[verdicts.size()];
        for (int i = 0; i < templates.length; i++) {
            templates[i] = Template.of(message.apply(verdicts.get(i)), standInId);
        }
        return templates;
    }

    /** A message cut at every place its stand-in's id stood. */
    private record Template(String[] parts, int length) {
        static Template of(String message, String standInId) {
            int at = message.indexOf(standInId);
            if (at < 0) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            int from = 0;
            while (at >= 0) {
                parts.add(message.substring(from, at));
                from = at + standInId.length();
                at = message.indexOf(standInId, from);
            }
            parts.add(message.substring(from));
            return new Template(
                    parts.toArray(String[]::new), message.length() - (parts.size() - 1) * standInId.length());
        }

        String with(String id) {
            StringBuilder text = new StringBuilder(length + (parts.length - 1) * id.length());
            text.append(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                text.append(id).append(parts[i]);
            }
            return text.toString();
        }
    }

    private static List<Object> facts(AllocationRequest request, List<Candidate> candidates) {
        List<Object> facts = new ArrayList<>(candidates.size() + 1);
        facts.add(request);
        facts.addAll(candidates);
        return facts;
    }

    /**
     * Classifies a node: the reasons its declared capabilities give (which no policy can take away), plus those the
     * classification rules add, such as an implementation that is a no-install player.
     */
    public Classification classify(NodeProfile profile) {
        if (profile.kind().isInfrastructure()) {
            return Classification.regular();
        }
        Verdicts verdicts = new Verdicts(rules);
        NodeFacts node = new NodeFacts(profile, Classification.regular(), profile.uplinkKbps(), 0.5);
        run(verdicts, List.of(new ClassificationRequest(node)));
        List<ClassificationReason> reasons = new ArrayList<>(verdicts.lightweightReasons());
        Set<String> codesFromRules =
                reasons.stream().map(ClassificationReason::code).collect(Collectors.toSet());
        for (ClassificationReason floor : CapabilityFloor.reasons(profile)) {
            if (!codesFromRules.contains(floor.code())) {
                reasons.add(floor);
            }
        }
        return new Classification(reasons.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT, reasons);
    }

    private void run(Verdicts verdicts, List<Object> facts) {
        if (rules.isEmpty()) {
            return;
        }
        KieSession session = kieBase.newKieSession();
        Clock clock = budget.clock();
        boolean budgeted = budget.applies();
        long limit = budgeted ? budget.limit().toNanos() : Long.MAX_VALUE;
        Instant start = budgeted ? clock.instant() : Instant.EPOCH;
        try {
            session.setGlobal(Verdicts.GLOBAL, verdicts);
            session.addEventListener(new DefaultAgendaEventListener() {
                private String lastFired;

                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    // Conditions are evaluated lazily, between firings: looking before each firing bounds them too.
                    if (budgeted) {
                        Duration elapsed = Duration.between(start, clock.instant());
                        if (elapsed.toNanos() > limit) {
                            throw new PolicyTimeoutException(lastFired, elapsed, budget.limit());
                        }
                    }
                    lastFired = event.getMatch().getRule().getName();
                    verdicts.enter(lastFired);
                }
            });
            facts.forEach(session::insert);
            int fired = session.fireAllRules(MAX_FIRINGS);
            if (fired >= MAX_FIRINGS) {
                throw new PolicyRuntimeException("rules fired " + fired + " times without settling; a rule loops");
            }
        } catch (PolicyRuntimeException | PolicyTimeoutException e) {
            throw e;
        } catch (RuntimeException e) {
            PolicyTimeoutException timeout = timeoutIn(e);
            if (timeout != null) {
                throw timeout;
            }
            throw new PolicyRuntimeException("policy evaluation failed: " + e.getMessage(), e);
        } finally {
            session.dispose();
        }
    }

    /** The engine may wrap what a listener throws; the timeout is found among the causes. */
    private static PolicyTimeoutException timeoutIn(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyTimeoutException timeout) {
                return timeout;
            }
        }
        return null;
    }
}
