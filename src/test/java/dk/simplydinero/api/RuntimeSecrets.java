package dk.simplydinero.api;

import dk.simplydinero.sandbox.SimResponse;
import dk.simplydinero.sandbox.crm.CrmSimulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRM secrets that exist only at run time, collected from the simulator while a test runs, so a scan can look
 * for them by value: each md5 login key (the simulator's getchallenge is answered here, so every token is known)
 * and each session name (the open sessions, sampled every few milliseconds).
 */
final class RuntimeSecrets implements AutoCloseable {

    final Set<String> loginKeys = ConcurrentHashMap.newKeySet();
    final Set<String> sessionNames = ConcurrentHashMap.newKeySet();
    private final CrmSimulator crm;
    private final Thread sampler;
    private volatile boolean running = true;

    RuntimeSecrets(CrmSimulator crm, String accessKey) {
        this.crm = crm;
        crm.overrideAnswer("getchallenge", params -> {
            String token = crm.challenge(params.get("username"));
            loginKeys.add(md5(token + accessKey));
            long now = System.currentTimeMillis() / 1000;
            return SimResponse.json(200, "{\"success\":true,\"result\":{\"token\":\"" + token + "\",\"serverTime\":"
                    + now + ",\"expireTime\":" + (now + 300) + "}}");
        });
        sampler = new Thread(() -> {
            while (running) {
                sessionNames.addAll(crm.sessionNames());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "session-name-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        sessionNames.addAll(crm.sessionNames());
        crm.overrideAnswer("getchallenge", null);
    }
}
