package io.peerage.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.journal.Change;
import io.peerage.policy.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Writes decisions in their compact form and answers auditors' questions about them. */
@ApplicationScoped
public class DecisionStore {

    private final ObjectMapper json;
    private final EntityManager entityManager;
    private final VersionRules versionRules;
    private final DecisionTerms terms;

    DecisionStore(ObjectMapper json, EntityManager entityManager, VersionRules versionRules, DecisionTerms terms) {
        this.json = json;
        this.entityManager = entityManager;
        this.versionRules = versionRules;
        this.terms = terms;
    }

    /** The change that records a decision, for the journal to write with others. */
    public Change record(Decision decision) {
        DecisionRows.Row row = toRow(decision.allocationId(), 0, null, decision);
        return batch -> batch.group(DecisionRows.class, DecisionRows::new).add(row);
    }

    /**
     * The change that records a repair: revision {@code revision} of the decision's allocation, with an id of its own
     * and the trigger that started it.
     */
    public Change recordRevision(String decisionId, int revision, RepairTrigger trigger, Decision decision) {
        DecisionRows.Row row = toRow(decisionId, revision, trigger, decision);
        return batch -> batch.group(DecisionRows.class, DecisionRows::new).add(row);
    }

    /** One revision of an allocation, with its trigger. */
    public record Revision(String decisionId, int revision, RepairTrigger trigger, Decision decision) {}

    /** A revision of an allocation; the latest one when {@code revision} is null. */
    public Optional<Revision> revision(String allocationId, Integer revision) {
        // Every revision is of the allocation's child: found by the child's index, not by one on allocation_id.
        @SuppressWarnings("unchecked")
        List<String> children = entityManager
                .createNativeQuery("select child_id from decision where id = ?1"
                        + " union all select child_id from allocation where id = ?1")
                .setParameter(1, allocationId)
                .setMaxResults(1)
                .getResultList();
        if (children.isEmpty()) {
            return Optional.empty();
        }
        String query = "from DecisionEntity where childId = :child and allocationId = :allocation"
                + (revision == null ? "" : " and revision = :revision")
                + " order by revision desc, decidedAt desc";
        var typed = entityManager
                .createQuery(query, DecisionEntity.class)
                .setParameter("allocation", allocationId)
                .setParameter("child", children.get(0));
        if (revision != null) {
            typed.setParameter("revision", revision);
        }
        return typed.setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(entity -> new Revision(entity.id, entity.revision, entity.repairTrigger, toDecision(entity)));
    }

    public Optional<Decision> find(String id) {
        return Optional.ofNullable(entityManager.find(DecisionEntity.class, id)).map(this::toDecision);
    }

    /** The most recent decision for a child, for one content or any. */
    public Optional<Decision> latestFor(String childId, String contentId) {
        String query = "from DecisionEntity where childId = ?1"
                + (contentId == null ? "" : " and contentId = ?2")
                + " order by decidedAt desc, id desc";
        var typed = entityManager.createQuery(query, DecisionEntity.class).setParameter(1, childId);
        if (contentId != null) {
            typed.setParameter(2, contentId);
        }
        return typed.setMaxResults(1).getResultStream().findFirst().map(this::toDecision);
    }

    /** The most recent decisions, newest first. */
    public List<Decision> recent(int count) {
        return entityManager
                .createQuery("from DecisionEntity order by decidedAt desc, id desc", DecisionEntity.class)
                .setMaxResults(count)
                .getResultStream()
                .map(this::toDecision)
                .toList();
    }

    /** What an auditor can filter decisions by; null means any. */
    public record Filter(String node, String content, String rule, Instant from, Instant to, RepairTrigger trigger) {

        public Filter(String node, String content, String rule, Instant from, Instant to) {
            this(node, content, rule, from, to, null);
        }
    }

    /** A page of decisions, most recent first. */
    public record Page(List<DecisionEntity> items, long total) {}

    /** One page of decisions: {@code size} of them from the {@code offset}-th. */
    public Page search(Filter filter, int offset, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.node() != null) {
            // Rows since V10 list their candidates between spaces; rows before, and rows with odd ids, as JSON.
            where.append(" and (child_id = :node or locate(binary :spacedNode, candidate_ids) > 0"
                    + " or (candidate_ids like '[%' and JSON_CONTAINS(candidate_ids, JSON_QUOTE(:node))))");
            parameters.put("node", filter.node());
            parameters.put("spacedNode", " " + filter.node() + " ");
        }
        if (filter.content() != null) {
            where.append(" and content_id = :content");
            parameters.put("content", filter.content());
        }
        if (filter.rule() != null) {
            // Rows since V10 list their rules' numbers (DecisionTerms); rows before, and rows with odd names, as JSON.
            Optional<String> pattern = terms.pattern(filter.rule());
            where.append(" and (");
            if (pattern.isPresent()) {
                where.append("rules like :rulePattern or ");
                parameters.put("rulePattern", pattern.get());
            }
            where.append("(rules like '[%' and JSON_CONTAINS(rules, JSON_QUOTE(:rule))))");
            parameters.put("rule", filter.rule());
        }
        if (filter.trigger() != null) {
            where.append(" and repair_trigger = :trigger");
            parameters.put("trigger", filter.trigger().name());
        }
        if (filter.from() != null) {
            where.append(" and decided_at >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and decided_at < :to");
            parameters.put("to", filter.to());
        }
        Query count = entityManager.createNativeQuery("select count(*) from decision" + where);
        Query select = entityManager.createNativeQuery(
                "select * from decision" + where + " order by decided_at desc, id desc", DecisionEntity.class);
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<DecisionEntity> items =
                select.setFirstResult(offset).setMaxResults(size).getResultList();
        return new Page(items, total);
    }

    /** The decision a row holds, in the compact form or in the JSON document of rows written before it. */
    public Decision toDecision(DecisionEntity entity) {
        try {
            if (CompactDecision.isCompact(entity.explanation)) {
                return CompactDecision.read(entity.explanation, versionRules::of, beside(entity));
            }
            return DecisionDocument.read(json, CompressedDocument.decompress(entity.explanation));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("decision " + entity.id + " has an unreadable explanation", e);
        }
    }

    private DecisionRows.Row toRow(String id, int revision, RepairTrigger trigger, Decision decision) {
        List<String> candidateIds = new ArrayList<>();
        Set<String> rules = new LinkedHashSet<>();
        for (CandidateExplanation candidate : decision.candidates()) {
            candidateIds.add(candidate.nodeId());
            for (Reason reason : candidate.reasons()) {
                rules.add(reason.rule());
                rules.add(reason.code());
            }
        }
        for (Reason denial : decision.denials()) {
            rules.add(denial.rule());
            rules.add(denial.code());
        }
        String summary = truncate(decision.summary(), 2000);
        Optional<String> spacedIds = spaced(candidateIds);
        // The explanation leaves out what the row's columns hold already: the ids, when listed between spaces.
        CompactDecision.Beside beside =
                new CompactDecision.Beside(spacedIds.isPresent() ? candidateIds : null, summary);
        try {
            return new DecisionRows.Row(
                    id,
                    revision,
                    trigger,
                    decision,
                    summary,
                    spacedIds.orElse(json.writeValueAsString(candidateIds)),
                    terms.column(rules).orElse(json.writeValueAsString(rules)),
                    CompactDecision.write(decision, versionRules.forWriting(decision.policyVersion()), beside));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize decision " + decision.allocationId(), e);
        }
    }

    /**
     * Candidate ids between spaces (" n1 n2 "), searched with {@code locate}: shorter than a JSON list. Empty when an id
     * could not be told apart so (null, empty or holding a space, which node ids never do), and then the JSON list.
     */
    static Optional<String> spaced(List<String> ids) {
        StringBuilder column = new StringBuilder(ids.size() * 10 + 1).append(' ');
        for (String id : ids) {
            if (id == null || id.isEmpty() || id.indexOf(' ') >= 0) {
                return Optional.empty();
            }
            column.append(id).append(' ');
        }
        return Optional.of(column.toString());
    }

    /** What a row's columns hold that its explanation may leave out. */
    private static CompactDecision.Beside beside(DecisionEntity entity) {
        String ids = entity.candidateIds;
        List<String> candidateIds = null;
        if (ids != null && ids.startsWith(" ")) {
            String trimmed = ids.trim();
            candidateIds = trimmed.isEmpty() ? List.of() : List.of(trimmed.split(" "));
        }
        return new CompactDecision.Beside(candidateIds, entity.summary);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
