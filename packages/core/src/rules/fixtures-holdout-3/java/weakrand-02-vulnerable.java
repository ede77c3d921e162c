// Expected: CWE-330 (insufficiently random values), vulnerable. The six-digit SMS login code is drawn from ThreadLocalRandom, which is not a cryptographically secure generator.
package com.example.otp;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

@Controller("/otp")
public class OtpController {

    public record OtpRequest(String phone) {}

    private final OtpStore store;
    private final SmsGateway sms;

    public OtpController(OtpStore store, SmsGateway sms) {
        this.store = store;
        this.sms = sms;
    }

    @Post("/send")
    public HttpResponse<?> send(@Body OtpRequest request) {
        if (request.phone() == null || !request.phone().matches("\\+[0-9]{8,15}")) {
            return HttpResponse.badRequest();
        }
        String code = String.format("%06d", ThreadLocalRandom.current().nextInt(0, 1_000_000));
        store.put(request.phone(), code, Duration.ofMinutes(5));
        sms.send(request.phone(), "Your login code is " + code);
        return HttpResponse.accepted();
    }

    public interface OtpStore {
        void put(String phone, String code, Duration ttl);
    }

    public interface SmsGateway {
        void send(String phone, String text);
    }
}
