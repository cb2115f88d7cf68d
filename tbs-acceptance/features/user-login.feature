Feature: UserLogin
  A registered customer logs in with their email and password and reaches their own data only.

  Background:
    Given a customer "Wiremu Hohepa" has signed up

  Scenario: Logging in with the right password
    When the customer logs in with their password
    Then they receive a token that opens their own profile

  Scenario: A wrong password is refused
    When the customer logs in with a wrong password
    Then the login is refused

  Scenario: A forged token opens nothing
    When someone calls the shop with a forged token
    Then they are asked to sign in
