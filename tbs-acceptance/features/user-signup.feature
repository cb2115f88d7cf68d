Feature: UserSignup
  A visitor signs up with their email, a password of at least 8 characters, their name and shipping address, and
  verifies their email address.

  Scenario: Signing up with a valid password creates a profile once the email is verified
    When a visitor signs up as "Hemi Walker" with a password of 12 characters and a shipping address in "Nelson"
    Then they cannot log in before verifying their email address
    When they verify their email address
    Then they can log in
    And their profile shows the name "Hemi Walker" and the shipping address in "Nelson"

  Scenario: A password shorter than 8 characters is refused
    When a visitor signs up as "Kiri Moana" with a password of 7 characters and a shipping address in "Napier"
    Then the sign-up is refused because the password is too short

  Scenario: An email address can only sign up once
    Given a visitor signed up as "Hemi Walker" with a password of 12 characters and a shipping address in "Nelson"
    When another visitor signs up with the same email address
    Then the sign-up is refused because the email address is taken
