package org.lazaret.contracts.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.Roles;
import org.lazaret.contracts.credentials.CredentialsContract;
import org.lazaret.contracts.identity.IdentityContract;
import org.lazaret.contracts.membership.MembershipContract;
import org.lazaret.core.json.CanonicalJson;

/**
 * Consortium decisions by vote: admitting or removing an organisation, changing a parameter,
 * calling an allow-listed method of another contract (suspending or revoking a certificate signer),
 * and adding or removing a node of the cluster (recorded by the membership contract, carried out
 * by the Raft leader).
 * Each active organisation has one vote, cast by one of its admins; a proposal passes when more
 * than half of the active organisations approve and fails once that can no longer happen. A
 * passed proposal takes effect in the same transaction as the deciding vote.
 *
 * <p>State: {@code governance/proposal/<id>} (id = the proposing transaction's id) and
 * {@code governance/param/<name>}.
 */
public final class GovernanceContract implements Contract {
  public static final String NAME = "governance";
  public static final String VOTING_PERIOD = "governance.votingPeriodMillis";
  static final long VOTING_PERIOD_DEFAULT = 7L * 24 * 60 * 60 * 1000;
  static final String PARAM_NAME = "[a-z][A-Za-z0-9.]{0,63}";
  /** Contract methods a passed proposal may call (action {@code contractCall}). */
  static final Map<String, Set<String>> CALLABLE = Map.of(CredentialsContract.NAME, CredentialsContract.GOVERNED_METHODS);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("propose", "vote");
  }

  public static String paramKey(String name) {
    return "governance/param/" + name;
  }

  @Override
  public void genesis(JsonNode genesis, Context ctx) {
    JsonNode params = genesis.path("parameters");
    Args checked = new Args(params, "parameters.");
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (!p.getKey().matches(PARAM_NAME)) {
        throw Args.bad("parameters." + p.getKey(), "parameter names must match " + PARAM_NAME);
      }
      checkParameter(p.getKey(), checked, p.getKey());
      ctx.write(paramKey(p.getKey()), p.getValue());
    }
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    switch (method) {
      case "propose" -> propose(a.only("action"), ctx);
      case "vote" -> vote(a.only("proposal", "approve"), ctx);
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  private static void propose(Args a, Context ctx) {
    String org = ctx.roles().require(Roles.ADMIN);
    JsonNode action = a.node("action");
    checkAction(a.object("action"));
    long period = ctx.read(paramKey(VOTING_PERIOD)).map(JsonNode::asLong).orElse(VOTING_PERIOD_DEFAULT);
    String id = ctx.txId().hex();
    ObjectNode p = CanonicalJson.object();
    p.put("id", id).put("proposer", org).put("status", "open").put("deadline", ctx.timeMillis() + period).put("created", ctx.timeMillis());
    p.set("action", action);
    p.putObject("votes");
    ctx.write(proposalKey(id), p);
    ctx.emit("Proposed", CanonicalJson.object().put("id", id).put("proposer", org).set("action", action));
    castVote(ctx, p, org, true);
  }

  private static void checkAction(Args action) {
    String type = action.text("type");
    switch (type) {
      case "admitOrganisation" -> {
        action.only("type", "organisation");
        IdentityContract.checkOrganisation(action.object("organisation").only("id", "name", "members"));
      }
      case "removeOrganisation" -> action.only("type", "id").text("id", IdentityContract.ORG_ID);
      case "setParameter" -> {
        action.only("type", "name", "value");
        String name = action.text("name", PARAM_NAME);
        action.node("value");
        checkParameter(name, action, "value");
      }
      case "contractCall" -> checkContractCall(action.only("type", "contract", "method", "args"));
      case "addNode" -> MembershipContract.checkNode(action.only("type", "node").object("node"), true);
      case "removeNode" -> action.only("type", "id").text("id", MembershipContract.NODE_ID);
      default -> throw action.invalid("type", "must be admitOrganisation, removeOrganisation, setParameter, contractCall, addNode or removeNode");
    }
  }

  /**
   * A passed proposal's call of another contract's method, made as governance ({@code invokedBy}
   * is {@code governance}; the sender is still the deciding voter, so only methods that authorise
   * by {@code invokedBy} may be listed). The arguments are checked when proposed, so a malformed
   * call cannot block the deciding vote later.
   */
  private static void checkContractCall(Args action) {
    String contract = action.text("contract");
    String method = action.text("method");
    Set<String> allowed = CALLABLE.get(contract);
    if (allowed == null || !allowed.contains(method)) {
      // Sorted: the reason goes into a receipt, and Set.of iterates in a per-JVM order.
      throw action.invalid("method", "governance may call only " + CALLABLE.keySet().stream().sorted()
          .flatMap(c -> CALLABLE.get(c).stream().sorted().map(m -> c + "." + m)).toList());
    }
    action.object("args");
    try {
      new CredentialsContract().check(method, action.node("args"));
    } catch (Revert r) {
      throw action.invalid("args", r.reason());
    }
  }

  /**
   * Checks the value of a parameter this contract reads itself: a voting period that is not a
   * positive integer would make every later proposal expire at once, and no vote could undo it.
   */
  private static void checkParameter(String name, Args holder, String field) {
    if (VOTING_PERIOD.equals(name) || CredentialsContract.SNAPSHOT_MAX_AGE.equals(name)) {
      holder.positiveLong(field);
    }
  }

  private static String proposalKey(String id) {
    return "governance/proposal/" + id;
  }

  private static void vote(Args a, Context ctx) {
    String org = ctx.roles().require(Roles.ADMIN);
    String id = a.text("proposal", "[0-9a-f]{64}");
    boolean approve = a.bool("approve");
    ObjectNode p =
        (ObjectNode) ctx.read(proposalKey(id)).orElseThrow(() -> new Revert("UNKNOWN_PROPOSAL", "proposal: no proposal " + id)).deepCopy();
    if (!"open".equals(p.path("status").asText())) {
      throw new Revert("PROPOSAL_CLOSED", "proposal: already " + p.path("status").asText());
    }
    if (ctx.timeMillis() > p.path("deadline").asLong()) {
      p.put("status", "expired");
      ctx.write(proposalKey(id), p);
      ctx.emit("ProposalExpired", CanonicalJson.object().put("id", id));
      return;
    }
    if (p.path("votes").has(org)) {
      throw new Revert("ALREADY_VOTED", "organisation '" + org + "' has already voted on " + id);
    }
    castVote(ctx, p, org, approve);
  }

  private static void castVote(Context ctx, ObjectNode p, String org, boolean approve) {
    String id = p.path("id").asText();
    ((ObjectNode) p.get("votes")).put(org, approve);
    ctx.emit("Voted", CanonicalJson.object().put("id", id).put("organisation", org).put("approve", approve));
    Set<String> active = IdentityContract.orgIds(ctx);
    int yes = 0;
    int no = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = p.get("votes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      if (active.contains(v.getKey())) {
        if (v.getValue().asBoolean()) {
          yes++;
        } else {
          no++;
        }
      }
    }
    if (2 * yes > active.size()) {
      p.put("status", "passed");
      ctx.write(proposalKey(id), p);
      enact(ctx, p.get("action"));
      ctx.emit("ProposalPassed", CanonicalJson.object().put("id", id).put("yes", yes).put("of", active.size()));
    } else if (2 * no >= active.size()) {
      p.put("status", "rejected");
      ctx.write(proposalKey(id), p);
      ctx.emit("ProposalRejected", CanonicalJson.object().put("id", id).put("no", no).put("of", active.size()));
    } else {
      ctx.write(proposalKey(id), p);
    }
  }

  private static void enact(Context ctx, JsonNode action) {
    switch (action.path("type").asText()) {
      case "admitOrganisation" -> ctx.invoke(IdentityContract.NAME, "admitOrganisation", action.get("organisation"));
      case "removeOrganisation" -> ctx.invoke(IdentityContract.NAME, "removeOrganisation", CanonicalJson.object().put("id", action.path("id").asText()));
      case "setParameter" -> {
        ctx.write(paramKey(action.path("name").asText()), action.get("value"));
        ctx.emit("ParameterChanged", CanonicalJson.object().put("name", action.path("name").asText()).set("value", action.get("value")));
      }
      case "contractCall" -> ctx.invoke(action.path("contract").asText(), action.path("method").asText(), action.get("args"));
      case "addNode" -> ctx.invoke(MembershipContract.NAME, "addNode", action.get("node"));
      case "removeNode" -> ctx.invoke(MembershipContract.NAME, "removeNode", CanonicalJson.object().put("id", action.path("id").asText()));
      default -> throw new IllegalStateException("checked action type changed: " + action);
    }
  }
}
