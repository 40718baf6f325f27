package dev.clauth.server.api;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of an API controller in the API's error shape. */
@RestControllerAdvice(assignableTypes = { MessagesController.class, ProfileController.class })
public class ApiErrors {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class })
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return api(ApiException.invalidRequest("The request body must be a JSON object."));
    }
}
